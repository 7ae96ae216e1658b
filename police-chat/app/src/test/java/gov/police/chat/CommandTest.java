package gov.police.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandTest {
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("send --to bob meet at the gate", new Command.SendTo("bob", "meet at the gate")),
                Arguments.of("send --to bob \"meet  at the gate\"", new Command.SendTo("bob", "meet  at the gate")),
                Arguments.of("  send   --group patrol all clear ", new Command.SendGroup("patrol", "all clear")),
                Arguments.of("group create patrol bob carol", new Command.GroupCreate("patrol", List.of("bob", "carol"))),
                Arguments.of("group create solo", new Command.GroupCreate("solo", List.of())),
                Arguments.of("group add patrol dave", new Command.GroupAdd("patrol", List.of("dave"))),
                Arguments.of("group remove patrol carol", new Command.GroupRemove("patrol", List.of("carol"))),
                Arguments.of("directory bob ZTE-P1-000102", new Command.DirectoryEntry("bob", "ZTE-P1-000102")),
                Arguments.of("read", new Command.Read(Optional.empty())),
                Arguments.of("read @bob", new Command.Read(Optional.of("@bob"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parses(String line, Command want) throws Exception {
        assertEquals(want, Command.parse(line));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "empty line"),
                Arguments.of("shout hello", "unknown command"),
                Arguments.of("send bob hello", "usage: send"),
                Arguments.of("send --to bob", "usage: send"),
                Arguments.of("send --to bob \"\"", "empty message"),
                Arguments.of("send --to ../etc hello", "not a name"),
                Arguments.of("group rename patrol x", "usage: group"),
                Arguments.of("group add patrol", "at least one officer"),
                Arguments.of("directory bob", "usage: directory"),
                Arguments.of("read a b", "usage: read"),
                Arguments.of("send --to bob " + "x".repeat(Command.MAX_LINE), "longer than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesWithAReason(String line, String why) {
        Command.Invalid e = assertThrows(Command.Invalid.class, () -> Command.parse(line));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void casesAreCounted() {
        assertTrue(valid().count() > 0 && invalid().count() > 0);
    }
}
