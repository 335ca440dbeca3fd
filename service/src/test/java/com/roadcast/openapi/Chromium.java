package com.roadcast.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket from java.net.http): a page,
 * real mouse clicks and typing, JavaScript to read what the page shows, screenshots, every URL the
 * page requested and every error it reported (console, uncaught exceptions, refused or failed loads).
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(30);
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, WebSocket.Builder connect, URI page) {
        this.process = process;
        this.profile = profile;
        this.socket = connect.buildAsync(page, new Listener()).orTimeout(STEP.toSeconds(), TimeUnit.SECONDS).join();
    }

    public static Chromium launch() throws IOException, InterruptedException {
        if (!new File("/usr/bin/chromium").canExecute()) {
            throw new IllegalStateException("chromium is not installed: run scripts/test.sh, which installs it from Debian");
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--window-size=1280,1600", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path activePort = profile.resolve("DevToolsActivePort");
        Instant deadline = Instant.now().plus(STEP);
        while (!Files.exists(activePort) || Files.readAllLines(activePort).isEmpty()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not open its DevTools port; see " + profile.resolve("chromium.log"));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(activePort).get(0).trim());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(STEP).build();
        JsonNode targets = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(STEP).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                return new Chromium(process, profile, http.newWebSocketBuilder(),
                        URI.create(target.get("webSocketDebuggerUrl").asText()));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("chromium has no page target: " + targets);
    }

    /** Opens {@code url} and records every request the page makes, and every error it reports, from then on. */
    public void open(String url) {
        call("Network.enable", Map.of());
        call("Page.enable", Map.of());
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
        call("Page.navigate", Map.of("url", url));
    }

    public List<String> requestedUrls() {
        return List.copyOf(requested);
    }

    /** What the page reported as errors: console errors, uncaught exceptions, refused (policy) or failed loads. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Sizes the window as a screen of {@code width} x {@code height} CSS pixels (a phone's when {@code mobile}). */
    public void viewport(int width, int height, boolean mobile) {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", mobile));
    }

    /** A PNG of what the window shows. */
    public void screenshot(Path file) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** Evaluates JavaScript in the page and returns its value. */
    public JsonNode eval(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until the JavaScript condition is true, failing with {@code what} when it never is. */
    public void waitFor(String what, String condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(STEP);
        while (!eval("Boolean(" + condition + ")").asBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the page never showed " + what + " (" + condition + ")");
            }
            Thread.sleep(100);
        }
    }

    /** A real left click in the middle of the first element matching {@code selector}. */
    public void click(String selector) {
        JsonNode box = eval("(() => { const e = document.querySelector(" + MAPPER.valueToTree(selector) + ");"
                + " if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        if (box.isNull() || box.isMissingNode()) {
            throw new AssertionError("nothing to click at " + selector);
        }
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x").asDouble(), "y", box.get("y").asDouble(),
                    "button", "left", "clickCount", 1));
        }
    }

    /** Types {@code text} into the focused element, as a person pasting it would. */
    public void type(String text) {
        call("Input.insertText", Map.of("text", text));
    }

    /** A PNG of the page from the top of the element at {@code from} to the bottom of the one at {@code to}. */
    public void screenshot(Path file, String from, String to) throws IOException {
        JsonNode box = eval("(() => { const a = document.querySelector(" + MAPPER.valueToTree(from) + ").getBoundingClientRect();"
                + " const b = document.querySelector(" + MAPPER.valueToTree(to) + ").getBoundingClientRect();"
                + " return {x: a.x + window.scrollX, y: a.y + window.scrollY, width: a.width, height: b.bottom - a.top}; })()");
        Map<String, Object> clip = Map.of("x", box.get("x").asDouble(), "y", box.get("y").asDouble(),
                "width", box.get("width").asDouble(), "height", box.get("height").asDouble(), "scale", 1);
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", MAPPER.valueToTree(params));
        socket.sendText(message.toString(), true).join();
        JsonNode answer = reply.orTimeout(STEP.toSeconds(), TimeUnit.SECONDS).join();
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                receive(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void receive(String text) {
            try {
                JsonNode message = MAPPER.readTree(text);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                } else {
                    event(message.path("method").asText(), message.path("params"));
                }
            } catch (IOException e) {
                pending.values().forEach(reply -> reply.completeExceptionally(e));
            }
        }
    }

    private void event(String method, JsonNode params) {
        switch (method) {
            case "Network.requestWillBeSent" -> requested.add(params.at("/request/url").asText());
            case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                if (params.path("type").asText().equals("error") || params.path("type").asText().equals("assert")) {
                    errors.add("console: " + params.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if (params.at("/entry/level").asText().equals("error")) {
                    errors.add("log: " + params.at("/entry/text").asText() + " " + params.at("/entry/url").asText());
                }
            }
            default -> { }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.abort();
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
