package com.roadcast.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a socket, for what a well-behaved client cannot send: raw CR and LF in header
 * values, folded headers, NUL bytes, and bodies that trickle in or stop halfway.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    /** A parsed answer: status 0 when the server closed the connection without one. */
    record Answer(int status, Map<String, String> headers, String body) {}

    RawHttp(URI base, int readTimeoutMillis) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true); // each send leaves at once, as its own segment
        socket.setSoTimeout(readTimeoutMillis);
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Whether the server has begun to answer (or closed the connection). */
    boolean answered() throws IOException {
        return socket.getInputStream().available() > 0;
    }

    /** Reads until the server closes the connection (requests say {@code Connection: close}). */
    Answer read() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                raw.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new IOException("no answer and not closed within the read timeout", stillOpen);
        } catch (IOException reset) {
            // a reset after (or instead of) the answer: parse what arrived
        }
        return parse(raw.toString(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads one answer on a kept-alive connection (its body framed by Content-Length), leaving the
     * connection open: status 0 when the server closed it before a whole answer arrived.
     */
    Answer readOne() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        int expected = -1;
        try {
            for (int b; (b = in.read()) >= 0; ) {
                raw.write(b);
                String text = raw.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0 && expected < 0) {
                    String length = parse(text).headers().getOrDefault("content-length", "0");
                    expected = end + 4 + Integer.parseInt(length);
                }
                if (expected >= 0 && raw.size() >= expected) {
                    return parse(text);
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new IOException("no whole answer and not closed within the read timeout", stillOpen);
        } catch (IOException reset) {
            // a reset before the whole answer arrived: as closed
        }
        return new Answer(0, Map.of(), raw.toString(StandardCharsets.ISO_8859_1));
    }

    private static Answer parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(0, Map.of(), text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, text.substring(end + 4));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
