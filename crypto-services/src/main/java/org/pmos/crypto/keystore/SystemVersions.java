package org.pmos.crypto.keystore;

/**
 * Versions the TEE attests, as KeyMint encodes them: {@code osVersion} as MMmmpp (14.0.0 =
 * 140000), {@code osPatchLevel} as YYYYMM, vendor and boot patch levels as YYYYMMDD.
 */
public record SystemVersions(int osVersion, int osPatchLevel, int vendorPatchLevel, int bootPatchLevel) {}
