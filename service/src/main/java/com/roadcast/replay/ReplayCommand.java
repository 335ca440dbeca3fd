package com.roadcast.replay;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code replay --csv FILE --url URL}: feeds a Los-loop layout CSV (header of sensor ids, one row of mph
 * per step of the serving model's interval, read from {@code GET /v1/model}) into a running service one
 * step per request, printing a forecast after each.
 * The API key comes from {@code --key} or, better (it stays out of {@code ps}), {@code ROADCAST_API_KEY}.
 */
public final class ReplayCommand extends Command {

    public ReplayCommand() {
        super("replay", "Feed a CSV of readings into a running service, one step at a time");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--csv").required(true).help("CSV in the Los-loop layout");
        subparser.addArgument("--url").setDefault("http://127.0.0.1:8080").help("service base URL");
        subparser.addArgument("--key").help("API key with the ingest role (default: $ROADCAST_API_KEY)");
        subparser.addArgument("--start").setDefault("2012-03-01T00:00:00-08:00")
                .help("timestamp of the CSV's first row (ISO-8601 with offset)");
        subparser.addArgument("--from").type(Integer.class).setDefault(0).help("first row to send (0 = first data row)");
        subparser.addArgument("--steps").type(Integer.class).setDefault(Integer.MAX_VALUE).help("rows to send");
        subparser.addArgument("--rate").type(Double.class).setDefault(10.0).help("steps per second (0: as fast as possible)");
        subparser.addArgument("--node").help("node whose forecast to print (default: the first)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        String key = ns.getString("key") != null ? ns.getString("key") : System.getenv("ROADCAST_API_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("give an API key with --key or ROADCAST_API_KEY");
        }
        ReplayCsv csv = ReplayCsv.read(Path.of(ns.getString("csv")));
        double rate = ns.getDouble("rate");
        Replayer replayer = new Replayer(bootstrap.getObjectMapper(), URI.create(ns.getString("url")), key,
                rate > 0 ? Duration.ofNanos((long) (1e9 / rate)) : Duration.ZERO, System.out);
        String node = ns.getString("node") != null ? ns.getString("node") : csv.sensorIds().get(0);
        replayer.replay(csv, OffsetDateTime.parse(ns.getString("start")), ns.getInt("from"), ns.getInt("steps"), node);
    }
}
