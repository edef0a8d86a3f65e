package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.config.ConfigObject.Need;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code remote} object: a CIFS share ({@code volume}, {@code username} and {@code
 * password} or {@code credentials}, {@code options}), a block device ({@code device}, or
 * {@code block} as the original tool's documentation calls it; {@code options}), or a local
 * directory ({@code path}).
 */
final class RemoteSection {
  static final String REDACTED = "******";
  private static final List<String> TYPES = List.of("cifs", "block", "local");
  private static final Pattern SHARE = Pattern.compile("//[^/]+(/[^/]+)+");
  private static final Pattern DEVICE_TAG = Pattern.compile("(UUID|LABEL|PARTUUID|PARTLABEL)=.+");

  private RemoteSection() {}

  static Optional<Remote> read(ConfigObject remote) {
    Optional<String> type = remote.choice("type", Need.REQUIRED, TYPES);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    switch (type.get()) {
      case "cifs":
        return cifs(remote);
      case "block":
        return block(remote);
      default:
        return local(remote);
    }
  }

  private static Optional<Remote> cifs(ConfigObject remote) {
    remote.allowOnly(Set.of("type", "volume", "username", "password", "credentials", "options"));
    Problems problems = remote.problems();
    int before = problems.count();
    Optional<String> volume = remote
        .string("volume", Need.REQUIRED)
        .flatMap(v -> volume(v, remote.at("volume"), problems));
    boolean inline = remote.has("username") || remote.has("password");
    Optional<String> username = Optional.empty();
    Optional<Secret> password = Optional.empty();
    Optional<Path> credentials = Optional.empty();
    if (inline && remote.has("credentials")) {
      problems.add(
          remote.at("credentials"),
          "give either remote.username and remote.password, or remote.credentials, not both");
    } else if (inline) {
      username = remote.string("username", Need.REQUIRED);
      password = remote.secret("password", Need.REQUIRED);
    } else if (remote.has("credentials")) {
      credentials = remote.absolutePath("credentials", Need.REQUIRED);
    } else {
      problems.add(
          remote.path(),
          "a CIFS remote needs \"username\" and \"password\", or \"credentials\":"
              + " the absolute path of a mount.cifs credentials file");
    }
    Optional<List<String>> options =
        MountOptions.read(remote, "options", MountOptions.CIFS_CREDENTIAL_OPTIONS);
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(new Remote.Cifs(
        volume.orElseThrow(), username, password, credentials, options.orElseThrow()));
  }

  private static Optional<String> volume(String written, ConfigPath at, Problems problems) {
    String volume = Remote.Cifs.normaliseVolume(written);
    boolean share = SHARE.matcher(volume).matches()
        && List.of(volume.substring(2).split("/")).stream()
            .noneMatch(s -> s.equals(".") || s.equals(".."));
    if (!share) {
      problems.add(
          at,
          "must name a share as //host/share or \\\\host\\share (optionally followed by a path), got %s",
          Json.quote(written));
      return Optional.empty();
    }
    return Optional.of(volume);
  }

  private static Optional<Remote> block(ConfigObject remote) {
    remote.allowOnly(Set.of("type", "device", "block", "options"));
    Problems problems = remote.problems();
    int before = problems.count();
    Optional<String> device = Optional.empty();
    if (remote.has("device") && remote.has("block")) {
      problems.add(
          remote.at("block"), "give the device as either remote.device or remote.block, not both");
    } else {
      String key = remote.has("block") ? "block" : "device";
      device = remote.string(key, Need.REQUIRED).filter(d -> {
        boolean named = d.startsWith("/") || DEVICE_TAG.matcher(d).matches();
        if (!named) {
          problems.add(
              remote.at(key),
              "must be a device path such as /dev/sdb1, or UUID=..., LABEL=...,"
                  + " PARTUUID=... or PARTLABEL=..., got %s",
              Json.quote(d));
        }
        return named;
      });
    }
    Optional<List<String>> options = MountOptions.read(remote, "options", Set.of());
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(new Remote.Block(device.orElseThrow(), options.orElseThrow()));
  }

  private static Optional<Remote> local(ConfigObject remote) {
    remote.allowOnly(Set.of("type", "path"));
    return remote.absolutePath("path", Need.REQUIRED).map(Remote.Local::new);
  }

  /** The remote in the file's shape, with the password replaced by {@value #REDACTED}. */
  static ObjectNode write(Remote remote, JsonNodeFactory json) {
    ObjectNode out = json.objectNode();
    if (remote instanceof Remote.Cifs cifs) {
      out.put("type", "cifs").put("volume", cifs.volume());
      cifs.username().ifPresent(u -> out.put("username", u));
      cifs.password().ifPresent(p -> out.put("password", REDACTED));
      cifs.credentialsFile().ifPresent(c -> out.put("credentials", c.toString()));
      cifs.options().forEach(out.putArray("options")::add);
    } else if (remote instanceof Remote.Block block) {
      out.put("type", "block").put("device", block.device());
      block.options().forEach(out.putArray("options")::add);
    } else if (remote instanceof Remote.Local local) {
      out.put("type", "local").put("path", local.path().toString());
    }
    return out;
  }
}
