package dev.mnemosyne.testkit;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The simple forms of rsync exclude patterns: {@code *}, {@code ?}, {@code **} and character
 * classes; a leading {@code /} anchors a pattern at the top of the transfer, a trailing
 * {@code /} matches directories only; a pattern without a slash matches any name, one with a
 * slash the end of the path at a directory boundary.
 */
final class ExcludePatterns {
  private final List<Rule> rules;

  private ExcludePatterns(List<Rule> rules) {
    this.rules = rules;
  }

  static ExcludePatterns of(List<String> patterns) {
    return new ExcludePatterns(patterns.stream()
        .filter(p -> !p.isBlank())
        .map(ExcludePatterns::rule)
        .collect(Collectors.toUnmodifiableList()));
  }

  /** Whether the entry at {@code relative} (slash-separated, from the top of the transfer) is excluded. */
  boolean excludes(String relative, boolean directory) {
    return rules.stream().anyMatch(rule -> rule.matches(relative, directory));
  }

  private static Rule rule(String pattern) {
    boolean directoryOnly = pattern.endsWith("/");
    String body = directoryOnly ? pattern.substring(0, pattern.length() - 1) : pattern;
    boolean anchored = body.startsWith("/");
    if (anchored) {
      body = body.substring(1);
    }
    boolean wholePath = anchored || body.contains("/") || body.contains("**");
    return new Rule(Pattern.compile(toRegex(body)), directoryOnly, anchored, wholePath);
  }

  private static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          regex.append(".*");
          i++;
        } else {
          regex.append("[^/]*");
        }
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '[') {
        int end = glob.indexOf(']', i + 1);
        if (end < 0) {
          regex.append("\\[");
        } else {
          regex.append('[').append(glob, i + 1, end).append(']');
          i = end;
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }

  private record Rule(Pattern pattern, boolean directoryOnly, boolean anchored, boolean wholePath) {
    boolean matches(String relative, boolean directory) {
      if (directoryOnly && !directory) {
        return false;
      }
      if (!wholePath) {
        return pattern
            .matcher(relative.substring(relative.lastIndexOf('/') + 1))
            .matches();
      }
      if (anchored) {
        return pattern.matcher(relative).matches();
      }
      for (int start = 0; start >= 0; start = nextComponent(relative, start)) {
        if (pattern.matcher(relative.substring(start)).matches()) {
          return true;
        }
      }
      return false;
    }

    private static int nextComponent(String relative, int start) {
      int slash = relative.indexOf('/', start);
      return slash < 0 ? -1 : slash + 1;
    }
  }
}
