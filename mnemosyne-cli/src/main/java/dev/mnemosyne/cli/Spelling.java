package dev.mnemosyne.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Which known words a misspelt one was probably meant to be: those at the smallest edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours each count one), comparing
 * with the whole word and, since options may be shortened, with its start. Only close words
 * count: one edit in a word of up to four letters, two in a longer one.
 */
final class Spelling {
  private static final int SHORTEST_PREFIX = 3;

  private Spelling() {}

  /** The words of {@code known} closest to {@code typed}, in their order; none if none is close. */
  static List<String> closest(String typed, List<String> known) {
    if (known.contains(typed)) {
      return List.of(typed);
    }
    int allowed = typed.length() <= 4 ? 1 : 2;
    int best = allowed + 1;
    List<String> closest = new ArrayList<>();
    for (String word : known) {
      int distance = distance(typed, word);
      if (typed.length() >= SHORTEST_PREFIX && typed.length() < word.length()) {
        distance = Math.min(distance, distance(typed, word.substring(0, typed.length())));
      }
      if (distance < best) {
        best = distance;
        closest.clear();
      }
      if (distance == best) {
        closest.add(word);
      }
    }
    return List.copyOf(closest);
  }

  /** The optimal string alignment distance between {@code a} and {@code b}. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
