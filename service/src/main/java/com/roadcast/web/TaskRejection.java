package com.roadcast.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * An admin task's refusal, answered with its own status and the error shape as the whole body.
 * Dropwizard's task servlet answers any exception from a task with 500 and the exception's message as
 * body; {@link #filter} (on {@code /tasks/*}) turns that 500 into the status the task chose, so a
 * rejected bundle is a 422 whose body says 422, not a server error. It also answers 400 for query
 * parameters that cannot be decoded (not UTF-8), which the task servlet would turn into a 500.
 */
public final class TaskRejection extends Exception {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<Integer> STATUS = new ThreadLocal<>();

    private TaskRejection(String json) {
        super(json, null, false, false);
    }

    /** The exception a task throws to answer {@code status} with {@code message} in the error shape. */
    public static TaskRejection of(ObjectMapper mapper, int status, String message) throws JsonProcessingException {
        String json = mapper.writeValueAsString(new ApiError(status, message, RequestIds.current()));
        STATUS.set(status);
        return new TaskRejection(json);
    }

    /** The servlet filter that gives a rejected task's response the status the task chose. */
    public static Filter filter(ObjectMapper mapper) {
        return new Filter() {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                STATUS.remove();
                try {
                    request.getParameterMap();
                } catch (RuntimeException undecodable) {
                    HttpServletResponse http = (HttpServletResponse) response;
                    http.setStatus(400);
                    http.setContentType("application/json");
                    http.getWriter().print(mapper.writeValueAsString(new ApiError(400,
                            "query parameters must be percent-encoded UTF-8", RequestIds.current())));
                    return;
                }
                try {
                    chain.doFilter(request, new HttpServletResponseWrapper((HttpServletResponse) response) {
                        @Override
                        public void setStatus(int status) {
                            Integer chosen = STATUS.get();
                            super.setStatus(status == 500 && chosen != null ? chosen : status);
                        }
                    });
                } finally {
                    STATUS.remove();
                }
            }
        };
    }
}
