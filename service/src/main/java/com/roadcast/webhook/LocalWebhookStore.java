package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store of an instance without Redis: held in memory and written whole to {@code webhooks.json} in its
 * directory (owner-only permissions, replaced atomically) after every change, so webhooks, open episodes and
 * pending deliveries survive a restart. Leases live in memory only: after a restart every pending delivery is
 * due at its next attempt.
 */
final class LocalWebhookStore implements WebhookStore {
    private final Path file;
    private final int keep;
    private final Map<String, Subscription> webhooks = new LinkedHashMap<>();
    private final Map<String, List<String>> episodes = new HashMap<>();
    /** Every kept delivery by event id, in the order they were made. */
    private final Map<String, Delivery> deliveries = new LinkedHashMap<>();
    private final Map<String, Instant> leases = new HashMap<>();

    /** What the file holds. */
    record Contents(@JsonProperty("webhooks") List<Subscription> webhooks,
            @JsonProperty("episodes") Map<String, List<String>> episodes,
            @JsonProperty("deliveries") List<Delivery> deliveries) {}

    private LocalWebhookStore(Path file, int keep) {
        this.file = file;
        this.keep = keep;
    }

    /** Opens (creating the directory) and loads the store in {@code dir}. */
    static LocalWebhookStore open(Path dir, int keep) {
        LocalWebhookStore store = new LocalWebhookStore(dir.resolve("webhooks.json"), keep);
        try {
            Files.createDirectories(dir);
            if (Files.exists(store.file)) {
                Contents contents = StoredJson.MAPPER.readValue(store.file.toFile(), Contents.class);
                contents.webhooks().forEach(w -> store.webhooks.put(w.id(), w));
                contents.episodes().forEach((id, nodes) -> store.episodes.put(id, new ArrayList<>(nodes)));
                contents.deliveries().forEach(d -> store.deliveries.put(d.eventId(), d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("webhooks.dir " + dir + " cannot be read or created: " + e.getMessage(), e);
        }
        return store;
    }

    @Override
    public synchronized void add(Subscription subscription) {
        webhooks.put(subscription.id(), subscription);
        write();
    }

    @Override
    public synchronized List<Subscription> subscriptions() {
        return List.copyOf(webhooks.values());
    }

    @Override
    public synchronized Optional<Subscription> subscription(String id) {
        return Optional.ofNullable(webhooks.get(id));
    }

    @Override
    public synchronized boolean remove(String id) {
        if (webhooks.remove(id) == null) {
            return false;
        }
        episodes.remove(id);
        deliveries.values().removeIf(d -> d.webhookId().equals(id));
        write();
        return true;
    }

    @Override
    public synchronized boolean openEpisode(Delivery first) {
        if (!webhooks.containsKey(first.webhookId())) {
            return false;
        }
        List<String> open = episodes.computeIfAbsent(first.webhookId(), id -> new ArrayList<>());
        if (open.contains(first.nodeId())) {
            return false;
        }
        open.add(first.nodeId());
        deliveries.put(first.eventId(), first);
        List<Delivery> ofWebhook = ofWebhook(first.webhookId());
        for (int i = keep; i < ofWebhook.size(); i++) {
            deliveries.remove(ofWebhook.get(i).eventId());
        }
        write();
        return true;
    }

    @Override
    public synchronized void closeEpisode(String webhookId, String nodeId) {
        List<String> open = episodes.get(webhookId);
        if (open != null && open.remove(nodeId)) {
            write();
        }
    }

    @Override
    public synchronized List<Delivery> claim(Instant now, Duration lease, int max) {
        List<Delivery> claimed = new ArrayList<>();
        for (Delivery d : deliveries.values()) {
            Instant next = d.nextAttemptAt();
            Instant leased = leases.get(d.eventId());
            if (claimed.size() < max && next != null && !next.isAfter(now) && (leased == null || !leased.isAfter(now))) {
                leases.put(d.eventId(), now.plus(lease));
                claimed.add(d);
            }
        }
        return claimed;
    }

    @Override
    public synchronized void save(Delivery delivery) {
        leases.remove(delivery.eventId());
        if (deliveries.replace(delivery.eventId(), delivery) != null) {
            write();
        }
    }

    @Override
    public synchronized List<Delivery> recent(String webhookId) {
        return ofWebhook(webhookId);
    }

    @Override
    public synchronized long pending() {
        return deliveries.values().stream().filter(d -> d.nextAttemptAt() != null).count();
    }

    /** The webhook's deliveries, newest first. */
    private List<Delivery> ofWebhook(String webhookId) {
        List<Delivery> found = new ArrayList<>(deliveries.values().stream().filter(d -> d.webhookId().equals(webhookId)).toList());
        java.util.Collections.reverse(found);
        return found;
    }

    private void write() {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StoredJson.MAPPER.writeValue(temp.toFile(), new Contents(List.copyOf(webhooks.values()), episodes,
                    List.copyOf(deliveries.values())));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("webhooks: " + file + " cannot be written: " + e.getMessage(), e);
        }
    }
}
