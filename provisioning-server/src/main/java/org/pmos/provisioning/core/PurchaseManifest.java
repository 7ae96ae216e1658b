package org.pmos.provisioning.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pmos.crypto.keystore.Imei;

/**
 * The maker's purchase manifest: CSV lines {@code serial,IMEI,model}, an optional header
 * line, {@code #} comments. Pure; a manifest with any bad line is refused whole, naming
 * every bad line, so an import never half-happens.
 */
public final class PurchaseManifest {
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    public static final int MAX_LINES = 200_000;

    public record Handset(String serial, String imei, String model) {}

    public sealed interface Parsed {
        record Ok(List<Handset> handsets) implements Parsed {}

        record Invalid(List<String> errors) implements Parsed {}
    }

    private PurchaseManifest() {}

    public static Parsed parse(String csv) {
        if (csv.length() > MAX_BYTES) {
            return new Parsed.Invalid(List.of("manifest larger than " + MAX_BYTES + " bytes"));
        }
        List<Handset> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = csv.split("\r?\n", -1);
        if (lines.length > MAX_LINES) {
            return new Parsed.Invalid(List.of("manifest has more than " + MAX_LINES + " lines"));
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase(java.util.Locale.ROOT).startsWith("serial,"))) {
                continue;
            }
            String[] f = line.split(",", -1);
            int n = i + 1;
            if (f.length != 3) {
                errors.add("line " + n + ": expected serial,IMEI,model");
                continue;
            }
            String serial = f[0].strip();
            String imei = f[1].strip();
            String model = f[2].strip();
            if (!serial.matches("[A-Za-z0-9._-]{1,64}")) {
                errors.add("line " + n + ": serial must be 1..64 of [A-Za-z0-9._-]");
            } else if (!Imei.valid(imei)) {
                errors.add("line " + n + ": IMEI must be 15 digits with a valid Luhn check digit");
            } else if (model.isEmpty() || model.length() > 128) {
                errors.add("line " + n + ": model must be 1..128 characters");
            } else if (!seen.add(serial)) {
                errors.add("line " + n + ": serial " + serial + " appears twice");
            } else {
                out.add(new Handset(serial, imei, model));
            }
        }
        return errors.isEmpty() ? new Parsed.Ok(out) : new Parsed.Invalid(errors);
    }
}
