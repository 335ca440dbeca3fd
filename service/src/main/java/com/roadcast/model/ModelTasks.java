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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin tasks {@code model-reload} ({@code ?path=DIR} for another bundle) and {@code model-rollback}.
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
        return new Task("model-rollback", "application/json") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
                Optional<LoadedModel> restored = reloader.rollback();
                Audit.record("model-rollback", restored.isPresent() ? "ok" : "no-previous-model",
                        "version", restored.map(LoadedModel::version).orElse(null));
                if (restored.isEmpty()) {
                    throw TaskRejection.of(mapper, 409, "no previous model to roll back to");
                }
                output.println(mapper.writeValueAsString(describe("rolled_back", restored.get())));
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
