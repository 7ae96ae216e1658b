package org.pmos.provisioning.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.pmos.provisioning.config.ProvisioningConfig;

/**
 * The files every enrolled handset is handed: the signed policy bundle and the app catalog.
 * Each is read once and kept until it changes on disk ({@link FileSnapshot}): a storm of
 * enrollments must not read and parse the same file thousands of times a second, and an
 * operator who replaces a file is heard at the next enrollment.
 */
@ApplicationScoped
public class EnrollmentHandouts {
    @Inject
    ProvisioningConfig config;
    @Inject
    ObjectMapper json;

    private final FileSnapshot<String> policyBundle = new FileSnapshot<>();
    private final FileSnapshot<JsonNode> appCatalog = new FileSnapshot<>();

    /** The signed policy bundle in base64, or null when the server has none. */
    public String policyBundleBase64() {
        Optional<Path> file = config.enrollment().policyBundle();
        return file.isEmpty() ? null : policyBundle.get(file.get(), bytes -> Base64.getEncoder().encodeToString(bytes));
    }

    /** The app catalog (a JSON array; empty when the server has none). Callers must not change it. */
    public JsonNode appCatalog() {
        Optional<Path> file = config.enrollment().appCatalog();
        return file.isEmpty() ? json.createArrayNode() : appCatalog.get(file.get(), json::readTree);
    }
}
