package org.pmos.kernel.hw;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A/B slot metadata, stored as AOSP's {@code struct bootloader_control} (boot_control HAL,
 * {@code bootloader_message.h}) at offset 2048 of {@code misc}: 32 bytes, little-endian,
 * magic {@code 0x42414342}, a CRC-32 over the first 28 bytes. Pure and immutable; the
 * bootloader reads and writes it through {@link FlashStorage}.
 *
 * <p>The bootable slot with the highest priority is the active one. Each failed verified
 * boot costs a slot one try; at zero tries (and not marked successful) the slot is
 * unbootable and the other slot boots instead.
 */
public final class BootControl {
    /** Offset of the block inside misc: {@code offsetof(bootloader_message_ab, slot_suffix)}. */
    public static final int MISC_OFFSET = 2048;
    public static final int SIZE = 32;
    /** AOSP's default number of boot attempts for a newly activated slot. */
    public static final int MAX_TRIES = 7;
    private static final int MAGIC = 0x42414342;
    private static final int MAX_PRIORITY = 15;

    /** One slot's metadata: priority 0-15, tries 0-7, whether it has booted successfully. */
    public record SlotMetadata(int priority, int triesRemaining, boolean successfulBoot) {
        public SlotMetadata {
            if (priority < 0 || priority > MAX_PRIORITY || triesRemaining < 0 || triesRemaining > MAX_TRIES) {
                throw new IllegalArgumentException("slot metadata out of range");
            }
        }

        public boolean bootable() {
            return priority > 0 && (successfulBoot || triesRemaining > 0);
        }
    }

    private final Map<Slot, SlotMetadata> slots;

    private BootControl(Map<Slot, SlotMetadata> slots) {
        this.slots = new EnumMap<>(slots);
    }

    /** A factory-fresh handset: slot a preferred, both with full tries. */
    public static BootControl factory() {
        return new BootControl(Map.of(
                Slot.A, new SlotMetadata(MAX_PRIORITY, MAX_TRIES, false),
                Slot.B, new SlotMetadata(MAX_PRIORITY - 1, MAX_TRIES, false)));
    }

    public SlotMetadata metadata(Slot slot) {
        return slots.get(slot);
    }

    /** The slot to boot: bootable with the highest priority (a on ties); empty if none. */
    public Optional<Slot> activeSlot() {
        Slot best = null;
        for (Slot s : Slot.values()) {
            SlotMetadata m = slots.get(s);
            if (m.bootable() && (best == null || m.priority() > slots.get(best).priority())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** What fastboot's {@code current-slot} reports: the active slot, or a if none boots. */
    public Slot currentSlot() {
        return activeSlot().orElse(Slot.A);
    }

    /** {@code set_active}: the slot gets top priority and fresh tries, the other drops below. */
    public BootControl withActive(Slot slot) {
        Map<Slot, SlotMetadata> next = new EnumMap<>(slots);
        next.put(slot, new SlotMetadata(MAX_PRIORITY, MAX_TRIES, false));
        SlotMetadata other = slots.get(slot.other());
        if (other.priority() >= MAX_PRIORITY) {
            next.put(slot.other(), new SlotMetadata(MAX_PRIORITY - 1, other.triesRemaining(), other.successfulBoot()));
        }
        return new BootControl(next);
    }

    /** A verified boot of {@code slot} failed: one try less; at zero the slot is unbootable. */
    public BootControl withFailedAttempt(Slot slot) {
        SlotMetadata m = slots.get(slot);
        int tries = Math.max(0, m.triesRemaining() - 1);
        Map<Slot, SlotMetadata> next = new EnumMap<>(slots);
        // A slot that fails verification is no longer "successful": its contents changed.
        next.put(slot, tries == 0 ? new SlotMetadata(0, 0, false) : new SlotMetadata(m.priority(), tries, false));
        return new BootControl(next);
    }

    /** {@code slot} booted: mark it successful. */
    public BootControl withSuccessfulBoot(Slot slot) {
        SlotMetadata m = slots.get(slot);
        Map<Slot, SlotMetadata> next = new EnumMap<>(slots);
        next.put(slot, new SlotMetadata(m.priority(), m.triesRemaining(), true));
        return new BootControl(next);
    }

    public byte[] encode() {
        ByteBuffer buf = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        Slot current = currentSlot();
        buf.put((byte) '_').put((byte) current.letter().charAt(0)).put((byte) 0).put((byte) 0);
        buf.putInt(MAGIC);
        buf.put((byte) 1); // version
        buf.put((byte) 2); // nb_slot = 2 (bits 0-2); recovery tries and merge status 0
        buf.put((byte) 0).put((byte) 0); // rest of the bitfield byte, reserved0
        for (int i = 0; i < 4; i++) {
            if (i < Slot.values().length) {
                SlotMetadata m = slots.get(Slot.values()[i]);
                buf.put((byte) (m.priority() | (m.triesRemaining() << 4) | (m.successfulBoot() ? 0x80 : 0)));
            } else {
                buf.put((byte) 0);
            }
            buf.put((byte) 0); // verity_corrupted, reserved
        }
        buf.position(28);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, 28);
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /** Decodes the block; a missing or corrupt block (bad magic or CRC) yields empty. */
    public static Optional<BootControl> decode(byte[] block) {
        if (block.length != SIZE) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(block, 0, 28);
        if (buf.getInt(4) != MAGIC || buf.get(8) != 1 || buf.getInt(28) != (int) crc.getValue()
                || (buf.get(9) & 7) != 2) {
            return Optional.empty();
        }
        Map<Slot, SlotMetadata> slots = new EnumMap<>(Slot.class);
        for (Slot s : Slot.values()) {
            int b = Byte.toUnsignedInt(buf.get(12 + 2 * s.ordinal()));
            slots.put(s, new SlotMetadata(b & 0xF, (b >> 4) & 7, (b & 0x80) != 0));
        }
        return Optional.of(new BootControl(slots));
    }

    @Override
    public String toString() {
        return "BootControl" + slots;
    }
}
