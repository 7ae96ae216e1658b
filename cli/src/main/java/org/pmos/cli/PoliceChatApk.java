package org.pmos.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The police-chat app as Maven builds it beside the CLI in this source tree
 * ({@code police-chat/app/target/chat-unsigned.apk}; {@code ./pmos} builds it): the ministry
 * signs it with {@code pmos app sign} and preinstalls it with {@code pmos image build --apk}.
 * Its policy entry: package {@code gov.police.chat}, permissions {@code pmos.permission.NETWORK}
 * and {@code pmos.permission.DEVICE_IDENTITY}, and the relay's host:port on the network allowlist.
 */
final class PoliceChatApk {
    static final String PACKAGE = "gov.police.chat";

    private PoliceChatApk() {}

    static Path unsigned() throws Exception {
        Path code = Path.of(PoliceChatApk.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = code.getParent().getParent().getParent(); // cli/target/{pmos.jar|classes}
        Path apk = root.resolve("police-chat/app/target/chat-unsigned.apk");
        if (!Files.isRegularFile(apk)) {
            throw new Refused("the police-chat app is not built: scripts/mvn -pl police-chat/app -am package -DskipTests");
        }
        return apk;
    }
}
