package dev.mnemosyne.core.config;

import java.util.regex.Pattern;

/** Where a value sits in the configuration document: {@code $}, {@code store.size}, {@code local.directories[1].key}. */
record ConfigPath(String text) {
  static final ConfigPath ROOT = new ConfigPath("$");
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$-]+");

  ConfigPath key(String name) {
    String step = PLAIN_KEY.matcher(name).matches() ? name : "[" + Json.quote(name) + "]";
    if (text.equals(ROOT.text)) {
      return new ConfigPath(step.startsWith("[") ? "$" + step : step);
    }
    return new ConfigPath(step.startsWith("[") ? text + step : text + "." + step);
  }

  ConfigPath index(int index) {
    return new ConfigPath(text + "[" + index + "]");
  }

  @Override
  public String toString() {
    return text;
  }
}
