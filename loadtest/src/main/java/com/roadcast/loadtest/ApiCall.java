package com.roadcast.loadtest;

import java.net.http.HttpRequest;

/**
 * One request as Locust reports it: {@code method} and {@code name} are the stats row (a route, not a URL, so
 * node ids do not split the rows), {@code request} is what is sent.
 */
record ApiCall(String method, String name, HttpRequest request) {
}
