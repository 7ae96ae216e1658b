package org.pmos.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

@Command(name = "pmos", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"PMOS: build, sign, flash and enroll a fleet of locked-down government handsets.",
                "State lives under $PMOS_HOME (default ~/.pmos)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused or failed (the reason is on stderr)", "2:bad usage"},
        subcommands = {PkiCommand.class, AttestationCommand.class, AppCommand.class, PolicyCommand.class,
                ImageCommand.class, HandsetCommand.class, FlashCommand.class, ServerCommand.class, FleetCommand.class,
                RelayCommand.class, ChatCommand.class, DemoCommand.class, AutoComplete.GenerateCompletion.class})
final class PmosCommand {
}
