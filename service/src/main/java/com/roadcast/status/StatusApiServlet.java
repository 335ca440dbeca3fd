package com.roadcast.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.observation.WindowUnavailableException;
import com.roadcast.record.RecordsUnavailableException;
import com.roadcast.web.ApiError;
import com.roadcast.web.RequestIds;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /status/api/network}, {@code /summary} and {@code /sensor?id=}: what the status page draws, as
 * JSON. Admin port only (loopback), so no key; errors in the one error shape.
 */
final class StatusApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = StatusFactory.PATH + "/api";
    private final transient StatusReader reader;
    private final transient ObjectMapper mapper;

    StatusApiServlet(StatusReader reader, ObjectMapper mapper) {
        this.reader = reader;
        this.mapper = mapper;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String view = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            switch (view) {
                case "/network" -> write(response, 200, reader.network());
                case "/summary" -> write(response, 200, reader.summary());
                case "/sensor" -> sensor(request.getParameter("id"), response);
                default -> refuse(response, 404, "no status view " + PATH + view + "; there are network, summary and sensor");
            }
        } catch (RecordsUnavailableException | WindowUnavailableException e) {
            refuse(response, 503, "the history or the forecasts of record cannot be read now; try again");
        }
    }

    private void sensor(String id, HttpServletResponse response) throws IOException {
        if (id == null || id.isEmpty()) {
            refuse(response, 400, "the query parameter id (a sensor id) is required");
            return;
        }
        Optional<StatusViews.SensorDetail> detail = reader.sensor(id);
        if (detail.isPresent()) {
            write(response, 200, detail.get());
        } else {
            refuse(response, 404, "no sensor " + id + " in the serving model's catalog");
        }
    }

    private void refuse(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, new ApiError(status, message, RequestIds.current()));
    }

    private void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] json = mapper.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
