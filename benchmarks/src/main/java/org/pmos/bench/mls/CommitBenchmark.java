package org.pmos.bench.mls;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pmos.chat.mls.group.CommitResult;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.group.ProcessedMessage;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;

/**
 * A commit adding one member, and one removing one, in groups of 10 to 10,000: the
 * committer's cost (commit + Welcome) and a receiver's (decode, verify, apply). The receiver
 * works on a fresh copy of its state each invocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CommitBenchmark {

    @State(Scope.Benchmark)
    public static class Groups {
        @Param({"10", "100", "1000", "10000"})
        public int members;
        Group committer;
        Group receiver;
        Proposal add;
        Proposal remove;
        byte[] addCommit;
        byte[] removeCommit;

        @Setup(Level.Trial)
        public void build() throws Exception {
            Group[] g = MlsGroups.group(members);
            committer = g[0];
            receiver = g[1];
            add = new Proposal.Add(MlsGroups.keyPackage("joiner").keyPackage());
            remove = new Proposal.Remove(members - 1);
            addCommit = committer.commit(List.of(add)).commit().toBytes();
            removeCommit = committer.commit(List.of(remove)).commit().toBytes();
        }
    }

    @State(Scope.Thread)
    public static class Receiver {
        Group group;

        @Setup(Level.Invocation)
        public void copy(Groups g) {
            group = g.receiver.copy();
        }
    }

    @Benchmark
    public CommitResult addCommitter(Groups g) throws Exception {
        return g.committer.commit(List.of(g.add));
    }

    @Benchmark
    public ProcessedMessage addReceiver(Groups g, Receiver r) throws Exception {
        return r.group.process(MlsMessage.decode(g.addCommit));
    }

    @Benchmark
    public CommitResult removeCommitter(Groups g) throws Exception {
        return g.committer.commit(List.of(g.remove));
    }

    @Benchmark
    public ProcessedMessage removeReceiver(Groups g, Receiver r) throws Exception {
        return r.group.process(MlsMessage.decode(g.removeCommit));
    }
}
