/** Quarkus provisioning server: registry, attested enrollment, certificates, policy, fleet admin. */
package org.pmos.provisioning;
