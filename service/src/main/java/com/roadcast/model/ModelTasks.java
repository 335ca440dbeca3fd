package com.roadcast.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.audit.Audit;
import com.roadcast.web.RequestIds;
import com.roadcast.web.TaskRejection;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin tasks {@code model-reload} ({@code ?path=DIR} for another bundle), {@code model-rollback}, and for a
 * shadow candidate {@code model-shadow?path=DIR}, {@code model-promote} and {@code model-shadow-drop}.
 * A rejected bundle answers 422 with the error shape as its body and a message that tells nothing of the
 * path (whether it exists, what it holds): the reason goes to the service log and the audit trail under
 * the request id. The old model keeps serving.
 */
public final class ModelTasks {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTasks.class);

    private ModelTasks() {}

    public static Task reload(ModelReloader reloader, ObjectMapper mapper) {
        return new Task("model-reload", "application/json") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
                Optional<Path> path;
                try {
                    path = Optional.ofNullable(parameters.get("path")).map(p -> Path.of(p.get(0)));
                } catch (InvalidPathException e) {
                    throw TaskRejection.of(mapper, 400, "path is not a valid directory name");
                }
                try {
                    LoadedModel loaded = reloader.reload(path);
                    Audit.record("model-reload", "ok", "version", loaded.version(), "directory", loaded.directory().toString());
                    output.println(mapper.writeValueAsString(describe("loaded", loaded)));
                } catch (InvalidBundleException e) {
                    Audit.record("model-reload", "rejected", "path", path.map(Path::toString).orElse("default"),
                            "reason", String.valueOf(e.getMessage()));
                    LOG.warn("model-reload rejected {}: {}", path.map(Path::toString).orElse("the configured bundle"),
                            e.getMessage());
                    throw TaskRejection.of(mapper, 422, "bundle rejected, the current model keeps serving; "
                            + "see the service log (request id " + RequestIds.current() + ")");
                }
            }
        };
    }

    public static Task rollback(ModelReloader reloader, ObjectMapper mapper) {
        return slotChange("model-rollback", "rolled_back", reloader::rollback, "no-previous-model",
                "no previous model to roll back to", mapper);
    }

    public static Task shadow(ModelReloader reloader, ObjectMapper mapper) {
        return new Task("model-shadow", "application/json") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
                List<String> given = parameters.get("path");
                if (given == null || given.isEmpty()) {
                    throw TaskRejection.of(mapper, 400, "path is required: the bundle directory to run as the shadow");
                }
                Path path;
                try {
                    path = Path.of(given.get(0));
                } catch (InvalidPathException e) {
                    throw TaskRejection.of(mapper, 400, "path is not a valid directory name");
                }
                try {
                    LoadedModel loaded = reloader.shadow(path);
                    Audit.record("model-shadow", "ok", "version", loaded.version(), "directory", loaded.directory().toString());
                    output.println(mapper.writeValueAsString(describe("shadow", loaded)));
                } catch (InvalidBundleException e) {
                    Audit.record("model-shadow", "rejected", "path", path.toString(), "reason", String.valueOf(e.getMessage()));
                    LOG.warn("model-shadow rejected {}: {}", path, e.getMessage());
                    throw TaskRejection.of(mapper, 422, "bundle rejected, no shadow changed; see the service log "
                            + "(request id " + RequestIds.current() + ")");
                }
            }
        };
    }

    public static Task promote(ModelReloader reloader, ObjectMapper mapper) {
        return slotChange("model-promote", "promoted", reloader::promote, "no-shadow",
                "no shadow model to promote: load one with model-shadow?path=", mapper);
    }

    public static Task dropShadow(ModelReloader reloader, ObjectMapper mapper) {
        return slotChange("model-shadow-drop", "dropped", reloader::dropShadow, "no-shadow", "no shadow model to drop", mapper);
    }

    /** A task moving models between the registry's slots: 200 with the model moved, 409 when there is none. */
    private static Task slotChange(String name, String status, Supplier<Optional<LoadedModel>> change, String noneOutcome,
            String noneMessage, ObjectMapper mapper) {
        return new Task(name, "application/json") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
                Optional<LoadedModel> moved = change.get();
                Audit.record(name, moved.isPresent() ? "ok" : noneOutcome, "version", moved.map(LoadedModel::version).orElse(null));
                if (moved.isEmpty()) {
                    throw TaskRejection.of(mapper, 409, noneMessage);
                }
                output.println(mapper.writeValueAsString(describe(status, moved.get())));
            }
        };
    }

    private static Map<String, Object> describe(String status, LoadedModel model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("name", model.name());
        body.put("version", model.version());
        body.put("directory", model.directory().toString());
        return body;
    }
}
