package com.roadcast.web;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Writes a body held whole in one write. Jetty cuts a {@code byte[]} write larger than its output buffer
 * (32 KiB) into buffer-sized writes, each a system call the client wakes for: an all-nodes answer of 80 KB
 * went out in three. Jetty's {@link HttpOutput#write(ByteBuffer)} sends it whole, in one gathering write
 * with the headers (docs/decisions/0006).
 */
public final class SingleWriteOutput {

    private SingleWriteOutput() {}

    public static void write(ServletOutputStream out, byte[] body) throws IOException {
        if (out instanceof HttpOutput jetty) {
            jetty.write(ByteBuffer.wrap(body));
        } else {
            out.write(body);
        }
    }
}
