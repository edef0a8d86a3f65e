package dev.mnemosyne.core;

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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a small tree of maps, lists, strings, numbers, booleans and optionals (empty is {@code
 * null}) as indented JSON with Jackson's streaming generator, for the report a backup hands to
 * its after hook. Reading JSON stays in the configuration package.
 */
final class JsonText {
  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder().characterEscapes(new ControlEscapes()).build();
  private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");

  private JsonText() {}

  static String write(Object value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(text)) {
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""));
      printer.indentObjectsWith(INDENTER);
      printer.indentArraysWith(INDENTER);
      generator.setPrettyPrinter(printer);
      value(value, generator);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory cannot fail", e);
    }
    return text.append('\n').toString();
  }

  private static void value(Object value, JsonGenerator out) throws IOException {
    if (value instanceof Optional<?> optional) {
      value(optional.orElse(null), out);
    } else if (value == null) {
      out.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.writeFieldName(String.valueOf(entry.getKey()));
        value(entry.getValue(), out);
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object element : list) {
        value(element, out);
      }
      out.writeEndArray();
    } else if (value instanceof BigDecimal decimal) {
      out.writeNumber(decimal);
    } else if (value instanceof BigInteger integer) {
      out.writeNumber(integer);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        out.writeNumber(d);
      } else {
        out.writeNull();
      }
    } else if (value instanceof Number number) {
      out.writeNumber(number.longValue());
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else {
      out.writeString(value.toString());
    }
  }

  /** Control characters other than newline, return and tab, escaped as six characters in lower-case hex. */
  private static final class ControlEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    ControlEscapes() {
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
      return c < 0x20 ? new SerializedString(String.format("\\u%04x", c)) : null;
    }
  }
}
