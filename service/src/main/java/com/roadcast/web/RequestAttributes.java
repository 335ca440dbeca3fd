package com.roadcast.web;

import jakarta.servlet.ServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * What a request carries from one step to the next (the budget it spent, say), read the same way on
 * either side of Jersey: Jersey's request properties are the servlet request's attributes.
 */
public interface RequestAttributes {
    Object get(String name);

    void set(String name, Object value);

    static RequestAttributes of(ServletRequest request) {
        return new RequestAttributes() {
            @Override
            public Object get(String name) {
                return request.getAttribute(name);
            }

            @Override
            public void set(String name, Object value) {
                request.setAttribute(name, value);
            }
        };
    }

    static RequestAttributes of(ContainerRequestContext request) {
        return new RequestAttributes() {
            @Override
            public Object get(String name) {
                return request.getProperty(name);
            }

            @Override
            public void set(String name, Object value) {
                request.setProperty(name, value);
            }
        };
    }
}
