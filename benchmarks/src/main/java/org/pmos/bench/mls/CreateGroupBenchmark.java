package org.pmos.bench.mls;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pmos.chat.mls.group.CommitResult;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.messages.Proposal;

/** Creating a 1000-member group with one commit (999 Adds, their Welcome). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CreateGroupBenchmark {
    private Group creator;
    private List<Proposal> adds;

    @Setup
    public void setup() {
        creator = MlsGroups.creator();
        adds = MlsGroups.adds(999);
    }

    @Benchmark
    public CommitResult create1000() throws Exception {
        return creator.commit(adds);
    }
}
