package com.roadcast.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One scrape of a Prometheus text exposition: each sample line as series text ({@code name{labels}}) and value. */
public record Scrape(String text, Map<String, Double> samples) {

    public static Scrape of(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return new Scrape(text, samples);
    }

    /** The value of the series written exactly so, e.g. {@code roadcast_x_total{level="local"}}. */
    public Optional<Double> value(String series) {
        return Optional.ofNullable(samples.get(series));
    }

    public double valueOf(String series) {
        return value(series).orElseThrow(() -> new AssertionError("no series " + series + " in the scrape"));
    }
}
