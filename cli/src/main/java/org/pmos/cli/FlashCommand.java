package org.pmos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.pmos.kernel.boot.FactoryZipFlasher;
import org.pmos.kernel.boot.FastbootClient;
import org.pmos.kernel.boot.FastbootException;
import org.pmos.kernel.handset.HandsetRegistry;
import org.pmos.kernel.handset.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "flash", mixinStandardHelpOptions = true,
        description = {"Flash a factory zip onto a started handset over fastboot (what `fastboot update` does), "
                + "in Java, for machines without the Android tools.",
                "With --custom-key: unlock, flash avb_custom_key, then the images; with --lock: lock at the end."})
final class FlashCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERIAL") String serial;
    @Parameters(index = "1", paramLabel = "FACTORY.zip") Path zip;

    @Option(names = "--custom-key", paramLabel = "avb_pkmd.bin",
            description = "The ministry's AVB public key, flashed as avb_custom_key (needs an unlockable bootloader).")
    Path customKey;

    @Option(names = "--lock", description = "flashing lock after the images are written.") boolean lock;
    @Option(names = "--no-reboot", description = "Stay in fastboot afterwards.") boolean noReboot;
    @Option(names = "--state", paramLabel = "DIR") Path state;

    @Override
    public Integer call() throws Exception {
        HandsetRegistry handsets = HandsetCommand.registry(state);
        RunInfo run = RunInfo.read(handsets.stateDir(serial))
                .orElseThrow(() -> new Refused("handset " + serial + " is not running (pmos handset start " + serial + ")"));
        PrintWriter out = spec.commandLine().getOut();
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr());
        try (FastbootClient fb = FastbootClient.connect("127.0.0.1", run.fastbootPort(), Duration.ofSeconds(120))) {
            out.printf("%s: product %s, secure %s, unlocked %s%n", fb.getVar("serialno"), fb.getVar("product"),
                    fb.getVar("secure"), fb.getVar("unlocked"));
            if (customKey != null) {
                if ("no".equals(fb.getVar("unlocked"))) {
                    fb.command("flashing unlock");
                    out.println("unlocked (userdata wiped)");
                }
                fb.download(customKey, "sending avb_custom_key", progress);
                fb.command("flash:avb_custom_key");
                progress.finish();
                out.println("flashed avb_custom_key");
            }
            List<String> written = FactoryZipFlasher.flash(fb, zip, false, progress);
            progress.finish();
            out.println("flashed " + String.join(", ", written));
            if (lock) {
                fb.command("flashing lock");
                out.println("locked");
            }
            if (!noReboot) {
                fb.command("reboot");
                out.println("rebooting");
            }
        } catch (FastbootException e) {
            throw new Refused("the handset refused: " + e.getMessage(), e);
        }
        return 0;
    }
}
