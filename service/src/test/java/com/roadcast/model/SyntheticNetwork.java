package com.roadcast.model;

import com.roadcast.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A made-up ring of sensors reporting every {@code step} in {@code zone}: a daily pattern on the local wall
 * clock (morning and evening dips on weekdays, a milder midday one at weekends), a regional slow wave shared
 * with ring neighbours, and noise. Deterministic for a seed.
 */
final class SyntheticNetwork {
    final ZoneId zone;
    final ZonedDateTime start;
    final Duration step;
    final List<String> ids = new ArrayList<>();
    final double[][] speeds;

    SyntheticNetwork(int sensors, ZonedDateTime start, Duration step, int steps, long seed) {
        this.zone = start.getZone();
        this.start = start;
        this.step = step;
        this.speeds = new double[steps][sensors];
        Random random = new Random(seed);
        double[] wave = new double[sensors];
        double[] base = new double[sensors];
        double[] depth = new double[sensors];
        for (int s = 0; s < sensors; s++) {
            ids.add(String.format(Locale.ROOT, "s%02d", s + 1));
            base[s] = 58 + 8 * random.nextDouble();
            depth[s] = 12 + 14 * random.nextDouble();
        }
        for (int t = 0; t < steps; t++) {
            ZonedDateTime local = time(t);
            double hour = local.getHour() + local.getMinute() / 60.0;
            boolean weekend = local.getDayOfWeek().getValue() >= 6;
            double[] next = new double[sensors];
            for (int s = 0; s < sensors; s++) {
                double neighbours = (wave[(s + sensors - 1) % sensors] + wave[(s + 1) % sensors]) / 2;
                next[s] = 0.85 * wave[s] + 0.1 * neighbours + random.nextGaussian() * 1.2;
            }
            wave = next;
            for (int s = 0; s < sensors; s++) {
                double dip = weekend ? 0.4 * bump(hour, 13.5, 2.0)
                        : bump(hour, 8.0, 1.2) + 0.8 * bump(hour, 17.5, 1.5);
                speeds[t][s] = Math.max(3, base[s] - depth[s] * dip + wave[s] + random.nextGaussian() * 1.5);
            }
        }
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    ZonedDateTime time(int row) {
        return start.plus(step.multipliedBy(row)).withZoneSameInstant(zone);
    }

    /** T-GCN layout (header of ids, one row per step) of rows [0, rows), with a few empty cells. */
    void writeSpeeds(Path file, int rows) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", ids)).append('\n');
        for (int t = 0; t < rows; t++) {
            for (int s = 0; s < ids.size(); s++) {
                csv.append(s == 0 ? "" : ",");
                if ((t * 7 + s) % 101 != 0) {
                    csv.append(String.format(Locale.ROOT, "%.2f", speeds[t][s]));
                }
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }

    /** An edge list: each sensor to its two ring neighbours. */
    void writeEdges(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("from,to,weight\n");
        for (int s = 0; s < ids.size(); s++) {
            csv.append(ids.get(s)).append(',').append(ids.get((s + 1) % ids.size())).append(",1\n");
            csv.append(ids.get(s)).append(',').append(ids.get((s + ids.size() - 1) % ids.size())).append(",0.5\n");
        }
        Files.writeString(file, csv);
    }

    /**
     * Trains a bundle into {@code bundle} with the documented command on rows [0, rows) and this network's
     * edges and locations (written to {@code dir}), plus {@code options}; returns train.py's output.
     */
    String train(Path dir, Path bundle, int rows, String... options) throws IOException, InterruptedException {
        writeSpeeds(dir.resolve("speeds.csv"), rows);
        writeEdges(dir.resolve("edges.csv"));
        writeLocations(dir.resolve("locations.csv"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", Repo.file("training/train.py").toString(),
                "--speeds", dir.resolve("speeds.csv").toString(), "--adjacency", dir.resolve("edges.csv").toString(),
                "--locations", dir.resolve("locations.csv").toString(), "--start", start.toLocalDateTime().toString(),
                "--interval", Long.toString(step.toMinutes()), "--timezone", zone.getId(), "--out", bundle.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process python = builder.start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(150, TimeUnit.SECONDS) || python.exitValue() != 0) {
            throw new AssertionError("train.py failed: " + output);
        }
        return output;
    }

    void writeLocations(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("id,latitude,longitude\n");
        for (int s = 0; s < ids.size(); s++) {
            csv.append(String.format(Locale.ROOT, "%s,%.5f,%.5f%n", ids.get(s), 52.5 + 0.01 * s, 13.4 - 0.01 * s));
        }
        Files.writeString(file, csv);
    }
}
