package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a tree of maps, collections, strings, numbers, booleans and optionals (empty is
 * {@code null}) as indented JSON with Jackson's streaming generator: two spaces per level,
 * {@code "name": value}, {@code []} and {@code {}} when empty, control characters and the
 * line and paragraph separators as six-character escapes in lower-case hex. Enough for the run report; the
 * configuration's own JSON is embedded as it is with {@link Raw}.
 */
final class Json {
  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder().characterEscapes(new ReportEscapes()).build();
  private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
  private static final int INDENT = 2;

  /** A value that is JSON text already. */
  record Raw(String json) {
    Raw {
      requireNonNull(json, "json");
    }
  }

  private final JsonGenerator generator;

  private Json(JsonGenerator generator) {
    this.generator = generator;
  }

  static String write(Object value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(text)) {
      generator.setPrettyPrinter(printer());
      new Json(generator).value(value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory cannot fail", e);
    }
    return text.append('\n').toString();
  }

  private static DefaultPrettyPrinter printer() {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator(""));
    printer.indentObjectsWith(INDENTER);
    printer.indentArraysWith(INDENTER);
    return printer;
  }

  private void value(Object value) throws IOException {
    if (value instanceof Optional<?> optional) {
      if (optional.isPresent()) {
        value(optional.get());
      } else {
        generator.writeNull();
      }
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName(entry.getKey().toString());
        value(entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof Collection<?> list) {
      generator.writeStartArray();
      for (Object item : list) {
        value(item);
      }
      generator.writeEndArray();
    } else if (value instanceof Raw raw) {
      // Indented to the depth it is embedded at; the generator writes the separator before it.
      String indent = " ".repeat(INDENT * generator.getOutputContext().getNestingDepth());
      generator.writeRawValue(raw.json().strip().replace("\n", "\n" + indent));
    } else if (value instanceof Boolean b) {
      generator.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double d) {
      if (Double.isFinite(d)) {
        generator.writeNumber(d);
      } else {
        generator.writeNull();
      }
    } else {
      generator.writeString(String.valueOf(
          requireNonNull(value, "JSON values are never null; use Optional.empty()")));
    }
  }

  /** Control characters but newline, return and tab, and U+2028/U+2029, escaped in lower-case hex. */
  private static final class ReportEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    ReportEscapes() {
      for (int c = 0; c < 0x20; c++) {
        if (c != '\n' && c != '\r' && c != '\t') {
          ascii[c] = ESCAPE_CUSTOM;
        }
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      return c < 0x20 || c == 0x2028 || c == 0x2029
          ? new SerializedString(String.format("\\u%04x", c))
          : null;
    }
  }
}
