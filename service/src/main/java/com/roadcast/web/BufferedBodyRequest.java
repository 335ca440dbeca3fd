package com.roadcast.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body a servlet filter has already read, handed on with that body to be read again,
 * or with the failure that stopped the read (thrown at every read, so whoever reads next answers it
 * as a body that could not be read).
 */
public final class BufferedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;
    private final @Nullable IOException failure;

    private BufferedBodyRequest(HttpServletRequest request, byte[] body, @Nullable IOException failure) {
        super(request);
        this.body = body;
        this.failure = failure;
    }

    public static BufferedBodyRequest of(HttpServletRequest request, byte[] body) {
        return new BufferedBodyRequest(request, body, null);
    }

    public static BufferedBodyRequest failed(HttpServletRequest request, IOException failure) {
        return new BufferedBodyRequest(request, new byte[0], failure);
    }

    @Override
    public ServletInputStream getInputStream() {
        return new Replay(body, failure);
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    private static final class Replay extends ServletInputStream {
        private final ByteArrayInputStream in;
        private final @Nullable IOException failure;

        Replay(byte[] body, @Nullable IOException failure) {
            this.in = new ByteArrayInputStream(body);
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            if (failure != null) {
                throw failure;
            }
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (failure != null) {
                throw failure;
            }
            return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return failure == null && in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("a replayed body is read blocking");
        }
    }
}
