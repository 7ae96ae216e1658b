package org.pmos.chat.client;

import java.util.List;

/** Who is who: the devices of an officer (the provisioning server's registry, later). */
@FunctionalInterface
public interface Directory {
    /** The device ids enrolled for the officer; empty if none. */
    List<String> devicesOf(String officerId);
}
