package com.roadcast.observation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record format of a segment file, little-endian: magic {@code RCS1}, node count, epoch second, one
 * float32 per node (NaN = missing), then the CRC32 of everything before it in the record.
 */
final class StepRecords {
    private static final Logger LOG = LoggerFactory.getLogger(StepRecords.class);
    private static final int MAGIC = 0x31534352;
    private static final int HEADER = 16;
    private static final int OVERHEAD = HEADER + Integer.BYTES;

    /** How many records of a segment were skipped and where its readable part ends. */
    record Scan(int skipped, int goodEnd) {}

    private StepRecords() {}

    /** The records of these steps, ready to be written. */
    static ByteBuffer encode(List<Step> steps) {
        ByteBuffer records = wrap(new byte[steps.stream().mapToInt(s -> OVERHEAD + s.speeds().length * Float.BYTES).sum()]);
        steps.forEach(step -> write(step, records));
        return records.flip();
    }

    private static void write(Step step, ByteBuffer into) {
        int start = into.position();
        into.putInt(MAGIC).putInt(step.speeds().length).putLong(step.time().getEpochSecond());
        for (float speed : step.speeds()) {
            into.putFloat(speed);
        }
        CRC32 crc = new CRC32();
        crc.update(into.duplicate().position(start).limit(into.position()));
        into.putInt((int) crc.getValue());
    }

    static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads every whole, intact record of {@code file} whose node count is {@code nodes} into {@code steps}.
     * A torn or corrupt record is skipped (reading goes on at the next intact one), logged and counted, as
     * is a record of another node count. {@link Scan#goodEnd()} is where the unreadable tail starts (the
     * file's length when there is none).
     */
    static Scan read(Path file, ByteBuffer bytes, int nodes, List<Step> steps) {
        int skipped = 0;
        int otherCount = 0;
        int pos = 0;
        while (pos < bytes.limit()) {
            int length = intactAt(bytes, pos);
            if (length == 0) {
                skipped++;
                int next = nextIntact(bytes, pos + 1);
                if (next < 0) {
                    LOG.warn("history {}: torn or corrupt record at offset {} ({} bytes to the end) skipped; the file "
                            + "is cut back to offset {}", file, pos, bytes.limit() - pos, pos);
                    break;
                }
                LOG.warn("history {}: corrupt record at offset {} ({} bytes) skipped", file, pos, next - pos);
                pos = next;
                continue;
            }
            if (bytes.getInt(pos + 4) == nodes) {
                steps.add(decode(bytes, pos, nodes));
            } else {
                otherCount++;
            }
            pos += length;
        }
        if (otherCount > 0) {
            LOG.warn("history {}: {} records skipped: their node count is not the catalog's {}", file, otherCount,
                    nodes);
        }
        return new Scan(skipped + otherCount, pos);
    }

    /** The length of the intact record starting at {@code pos}; 0 when there is none. */
    private static int intactAt(ByteBuffer bytes, int pos) {
        int room = bytes.limit() - pos;
        if (room < OVERHEAD || bytes.getInt(pos) != MAGIC) {
            return 0;
        }
        int nodes = bytes.getInt(pos + 4);
        if (nodes < 0 || nodes > (room - OVERHEAD) / Float.BYTES) {
            return 0;
        }
        int crcAt = pos + HEADER + nodes * Float.BYTES;
        CRC32 crc = new CRC32();
        crc.update(bytes.duplicate().position(pos).limit(crcAt));
        return (int) crc.getValue() == bytes.getInt(crcAt) ? crcAt + Integer.BYTES - pos : 0;
    }

    private static int nextIntact(ByteBuffer bytes, int from) {
        for (int pos = from; pos <= bytes.limit() - OVERHEAD; pos++) {
            if (intactAt(bytes, pos) > 0) {
                return pos;
            }
        }
        return -1;
    }

    private static Step decode(ByteBuffer bytes, int pos, int nodes) {
        float[] speeds = new float[nodes];
        for (int i = 0; i < nodes; i++) {
            speeds[i] = bytes.getFloat(pos + HEADER + i * Float.BYTES);
        }
        return new Step(Instant.ofEpochSecond(bytes.getLong(pos + 8)), speeds);
    }
}
