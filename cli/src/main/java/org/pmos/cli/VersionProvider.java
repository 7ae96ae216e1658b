package org.pmos.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = PmosCommand.class.getPackage().getImplementationVersion();
        return new String[] {"pmos " + (v != null ? v : "(development build)"), "Java " + System.getProperty("java.version")};
    }
}
