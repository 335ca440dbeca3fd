package com.roadcast.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Off Jetty, a body still goes out whole through the plain stream. On Jetty (the ByteBuffer write), the
 * forecasts served below Jersey are compared byte for byte with Jersey's, up to every node at every
 * horizon, in {@code PredictServletFilterIT}.
 */
class SingleWriteOutputTest {

    @Test
    void aStreamOtherThanJettysGetsTheWholeBody() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ServletOutputStream plain = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}

            @Override
            public void write(int b) {
                sink.write(b);
            }
        };
        byte[] body = new byte[100_000];
        new Random(7).nextBytes(body);
        SingleWriteOutput.write(plain, body);
        assertThat(sink.toByteArray()).isEqualTo(body);
    }
}
