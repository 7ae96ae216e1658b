package org.pmos.chat.mls.messages;

/** RFC 9420 §6 WireFormat values and the protocol version. */
public final class WireFormat {
    public static final int MLS10 = 1;
    public static final int PUBLIC_MESSAGE = 1;
    public static final int PRIVATE_MESSAGE = 2;
    public static final int WELCOME = 3;
    public static final int GROUP_INFO = 4;
    public static final int KEY_PACKAGE = 5;

    private WireFormat() {}
}
