package org.pmos.kernel.mac;

import java.util.ArrayList;
import java.util.List;

/** Splits policy text into words and the punctuation {@code { } ; : ,}; {@code #} starts a comment. */
final class PolicyTokens {
    record Token(String text, int line) {}

    private final List<Token> tokens;
    private int pos;

    PolicyTokens(String text) {
        tokens = new ArrayList<>();
        int line = 1;
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            if (Character.isWhitespace(c) || "{};:,".indexOf(c) >= 0) {
                if (word.length() > 0) {
                    tokens.add(new Token(word.toString(), line));
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    tokens.add(new Token(String.valueOf(c), line));
                }
                if (c == '\n') {
                    line++;
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            tokens.add(new Token(word.toString(), line));
        }
    }

    boolean done() {
        return pos >= tokens.size();
    }

    int line() {
        return done() ? (tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line()) : tokens.get(pos).line();
    }

    String peek() {
        return done() ? "" : tokens.get(pos).text();
    }

    String next() throws PolicyCompileException {
        if (done()) {
            throw new PolicyCompileException(line(), "unexpected end of policy");
        }
        return tokens.get(pos++).text();
    }

    String name() throws PolicyCompileException {
        int l = line();
        String t = next();
        if (!t.matches("[A-Za-z0-9_.*]+")) {
            throw new PolicyCompileException(l, "expected a name, found '" + t + "'");
        }
        return t;
    }

    void expect(String s) throws PolicyCompileException {
        int l = line();
        String t = next();
        if (!t.equals(s)) {
            throw new PolicyCompileException(l, "expected '" + s + "', found '" + t + "'");
        }
    }

    /** A name, or {@code { name ... }}. */
    List<String> nameSet() throws PolicyCompileException {
        List<String> out = new ArrayList<>();
        if (peek().equals("{")) {
            next();
            while (!peek().equals("}")) {
                out.add(name());
            }
            next();
            if (out.isEmpty()) {
                throw new PolicyCompileException(line(), "empty set");
            }
        } else {
            out.add(name());
        }
        return out;
    }
}
