package com.roadcast.observation;

import com.roadcast.dayfile.DayFileLog;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Step records as {@code .steps} files held them before they were {@link DayFileLog} frames: magic
 * {@code RCS1}, node count, epoch second, one float32 per node, then the CRC32 of everything before it in
 * the record (little-endian). They are read, never written; the day files they are in take frames after
 * them.
 */
final class OlderStepRecords implements DayFileLog.OlderFormat {
    private static final int MAGIC = 0x31534352;
    private static final int HEADER = 16;
    private static final int OVERHEAD = HEADER + Integer.BYTES;

    @Override
    public int lengthAt(ByteBuffer bytes, int pos) {
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

    /** The epoch second and the readings: a frame's payload holds the same bytes. */
    @Override
    public byte[] payload(ByteBuffer bytes, int pos, int length) {
        byte[] payload = new byte[length - OVERHEAD + Long.BYTES];
        bytes.get(pos + Long.BYTES, payload);
        return payload;
    }
}
