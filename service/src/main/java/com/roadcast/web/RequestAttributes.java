package com.roadcast.web;

import jakarta.servlet.ServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a request carries from one step to the next (the budget it spent, say), read the same way on
 * either side of Jersey: Jersey's request properties are the servlet request's attributes.
 */
public record RequestAttributes(Function<String, Object> reader, BiConsumer<String, Object> writer) {

    public static RequestAttributes of(ServletRequest request) {
        return new RequestAttributes(request::getAttribute, request::setAttribute);
    }

    public static RequestAttributes of(ContainerRequestContext request) {
        return new RequestAttributes(request::getProperty, request::setProperty);
    }

    public Object get(String name) {
        return reader.apply(name);
    }

    public void set(String name, Object value) {
        writer.accept(name, value);
    }
}
