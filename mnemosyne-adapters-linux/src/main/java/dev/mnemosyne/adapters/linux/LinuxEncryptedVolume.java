package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.KeyDerivation;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store image as a block device: a LUKS2 volume opened with {@code cryptsetup} as
 * {@code /dev/mapper/mnemosyne-<store>}, or, for an unencrypted store, the plain image attached
 * to a loop device with {@code losetup}. The loop device in use is recorded in
 * {@code <runtime>/<store>/loop} (see {@link LoopRecord}) so that a crashed run's device can be
 * detached, and only it. The image grows in place ({@code losetup -c}, {@code cryptsetup resize}),
 * and its key slots are managed with {@code cryptsetup luksAddKey}, {@code luksRemoveKey} and
 * {@code luksDump}, key files always passed as files.
 */
final class LinuxEncryptedVolume implements EncryptedVolume {
  private static final Logger log = LoggerFactory.getLogger(LinuxEncryptedVolume.class);
  /** cryptsetup's exit code for "No key available with this passphrase". */
  static final int CRYPTSETUP_WRONG_KEY = 2;
  /** What cryptsetup says of an image without a LUKS header. */
  static final String NOT_LUKS = "is not a valid LUKS device";
  /** The first bytes of every LUKS header, version 1 or 2. */
  private static final byte[] LUKS_MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};
  /** cryptsetup's exit code for "device busy". */
  static final int CRYPTSETUP_BUSY = 5;

  static final String LOOP_RECORD = "loop";
  static final Path MAPPER = Path.of("/dev/mapper");
  /** What {@code cryptsetup open --test-passphrase -v} says of the slot a key opened. */
  private static final Pattern UNLOCKED = Pattern.compile("Key slot (\\d+) unlocked");

  private final AdapterContext context;
  private final FreshDevices freshDevices;
  private final Path mapperDirectory;
  private final Path sysBlock;
  private final ImageInUse imageInUse;
  private final ImageFlush imageFlush;

  LinuxEncryptedVolume(
      AdapterContext context, FreshDevices freshDevices, Path mapperDirectory, Path sysBlock) {
    this(context, freshDevices, mapperDirectory, sysBlock, new MountTable(MountTable.MOUNTINFO));
  }

  LinuxEncryptedVolume(
      AdapterContext context,
      FreshDevices freshDevices,
      Path mapperDirectory,
      Path sysBlock,
      MountTable mounts) {
    this(context, freshDevices, mapperDirectory, sysBlock, mounts, ImageFlush.FSYNC);
  }

  LinuxEncryptedVolume(
      AdapterContext context,
      FreshDevices freshDevices,
      Path mapperDirectory,
      Path sysBlock,
      MountTable mounts,
      ImageFlush imageFlush) {
    this.context = requireNonNull(context, "context");
    this.freshDevices = requireNonNull(freshDevices, "freshDevices");
    this.mapperDirectory = requireNonNull(mapperDirectory, "mapperDirectory");
    this.sysBlock = requireNonNull(sysBlock, "sysBlock");
    this.imageInUse = new ImageInUse(sysBlock, requireNonNull(mounts, "mounts"));
    this.imageFlush = requireNonNull(imageFlush, "imageFlush");
  }

  /** The device-mapper name of a store's open volume. */
  static String mappingName(StoreId store) {
    return "mnemosyne-" + store.value();
  }

  // ---- format ----

  @Override
  public void format(Path image, long sizeBytes, VolumeKey key) {
    requireNonNull(image, "image");
    requireNonNull(key, "key");
    createSparseImage(image, sizeBytes);
    freshDevices.imageCreated(image);
    if (key instanceof VolumeKey.KeyFile keyFile) {
      try {
        context.runner().runChecked(luksFormat(image, keyFile));
      } catch (RuntimeException e) {
        removeImage(image);
        throw e;
      }
    }
  }

  private Command luksFormat(Path image, VolumeKey.KeyFile key) {
    Command.Builder command = Command.of(Step.FORMAT_VOLUME, "cryptsetup")
        .args("luksFormat", "--type", "luks2", "--batch-mode");
    key.derivation().ifPresent(derivation -> addDerivation(command, derivation));
    return command.arg("--key-file").arg(key.path()).arg(image).build();
  }

  private static void addDerivation(Command.Builder command, KeyDerivation derivation) {
    command.arg("--pbkdf").arg(derivation.algorithm());
    derivation
        .iterations()
        .ifPresent(n -> command.arg("--pbkdf-force-iterations").arg(Integer.toString(n)));
    derivation
        .memoryKib()
        .ifPresent(kib -> command.arg("--pbkdf-memory").arg(Integer.toString(kib)));
  }

  private void createSparseImage(Path image, long sizeBytes) {
    if (sizeBytes <= 0) {
      throw new StepFailedException(
          Step.CREATE_IMAGE, "the image size (" + sizeBytes + " bytes) must be positive");
    }
    if (context.isDryRun()) {
      context.describe("would create the sparse image " + image + " of " + sizeBytes + " bytes");
      return;
    }
    try {
      Files.createFile(image);
    } catch (FileAlreadyExistsException e) {
      throw new StepFailedException(
          Step.CREATE_IMAGE, "the image " + image + " exists already; refusing to overwrite it");
    } catch (IOException e) {
      throw new StepFailedException(Step.CREATE_IMAGE, "cannot create " + image + ": " + e, e);
    }
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(sizeBytes);
    } catch (IOException e) {
      removeImage(image);
      throw new StepFailedException(
          Step.CREATE_IMAGE, "cannot size " + image + " to " + sizeBytes + " bytes: " + e, e);
    }
  }

  private void removeImage(Path image) {
    if (context.isDryRun()) {
      return;
    }
    try {
      Files.deleteIfExists(image);
    } catch (IOException e) {
      log.warn("could not remove the unfinished image {}: {}", image, e.toString());
    }
  }

  // ---- check key ----

  @Override
  public void checkKey(Path image, VolumeKey key) {
    requireNonNull(image, "image");
    if (key instanceof VolumeKey.KeyFile keyFile) {
      Command command = Command.of(Step.CHECK_KEY, "cryptsetup")
          .args("open", "--test-passphrase", "--type", "luks", "--key-file")
          .arg(keyFile.path())
          .arg(image)
          .build();
      requireOpened(command, context.runner().run(command), keyFile, image);
    }
  }

  private static void requireOpened(
      Command command, CommandResult result, VolumeKey.KeyFile key, Path image) {
    if (!result.succeeded() && result.errorText().contains(NOT_LUKS)) {
      throw notLuks(command.step(), image);
    }
    if (result.exitCode() == CRYPTSETUP_WRONG_KEY) {
      throw new StepFailedException(
          command.step(),
          Reason.WRONG_KEY,
          "the key file " + key.path() + " does not open this store (" + result.errorText() + ")");
    }
    if (!result.succeeded()) {
      throw CommandRunner.failure(command, result, Reason.ERROR);
    }
  }

  private static StepFailedException notLuks(Step step, Path image) {
    return new StepFailedException(
        step,
        Reason.NOT_A_STORE,
        "the store image " + image + " is not a LUKS"
            + " volume; if this store was made unencrypted, set store.encryption to \"none\", otherwise check"
            + " remote and store.name");
  }

  /**
   * In a dry run, refuses an image that the real run would refuse as no store, by reading (only)
   * its header: the LUKS magic, or for an unencrypted store the btrfs superblock.
   */
  private static void refuseNoStoreInDryRun(Path image, VolumeKey key) {
    try {
      if (key instanceof VolumeKey.KeyFile) {
        byte[] start = new byte[LUKS_MAGIC.length];
        int read;
        try (var in = Files.newInputStream(image)) {
          read = in.readNBytes(start, 0, start.length);
        }
        if (read < start.length || !java.util.Arrays.equals(start, LUKS_MAGIC)) {
          throw notLuks(Step.OPEN_VOLUME, image);
        }
      } else {
        Optional<String> problem = BtrfsSuperblock.problem(image);
        if (problem.isPresent()) {
          // where the real run stops: mounting what the loop device shows
          throw new StepFailedException(
              Step.MOUNT_FILESYSTEM, Reason.NOT_A_STORE, image + " " + problem.get());
        }
      }
    } catch (IOException e) {
      throw new StepFailedException(
          Step.OPEN_VOLUME, "cannot read " + image + ": " + e.getMessage(), e);
    }
  }

  // ---- header backup ----

  @Override
  public void backupHeader(Path image, Path file) {
    requireNonNull(image, "image");
    requireNonNull(file, "file");
    if (!context.isDryRun() && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new StepFailedException(Step.BACK_UP_HEADER, file + " exists already");
    }
    context
        .runner()
        .runChecked(Command.of(Step.BACK_UP_HEADER, "cryptsetup")
            .args("luksHeaderBackup", "--batch-mode")
            .arg(image)
            .arg("--header-backup-file")
            .arg(file)
            .build());
  }

  // ---- grow ----

  @Override
  public long imageSize(Path image) {
    requireNonNull(image, "image");
    try {
      return Files.size(image);
    } catch (IOException e) {
      throw new StepFailedException(
          Step.READ_STORE, "cannot read the size of " + image + ": " + e, e);
    }
  }

  @Override
  public void growImage(Path image, long sizeBytes) {
    requireNonNull(image, "image");
    if (context.isDryRun()) {
      context.describe("would extend the sparse image " + image + " to " + sizeBytes + " bytes");
      return;
    }
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      long size = file.length();
      if (size > sizeBytes) {
        throw new StepFailedException(
            Step.GROW_IMAGE,
            image + " is " + size + " bytes; refusing to shrink it to " + sizeBytes);
      }
      if (size < sizeBytes) {
        file.setLength(sizeBytes);
        file.getFD().sync();
      }
    } catch (IOException e) {
      throw new StepFailedException(
          Step.GROW_IMAGE, "cannot extend " + image + " to " + sizeBytes + " bytes: " + e, e);
    }
  }

  @Override
  public void resize(Path image, VolumeKey key, StoreId store) {
    requireNonNull(image, "image");
    requireNonNull(key, "key");
    requireNonNull(store, "store");
    List<Path> loops = LoopRecord.devicesListed(context
        .runner()
        .runChecked(
            Command.of(Step.RESIZE_VOLUME, "losetup").arg("-j").arg(image).build())
        .stdoutTail());
    if (loops.isEmpty() && !context.isDryRun()) {
      throw new StepFailedException(
          Step.RESIZE_VOLUME, "no loop device holds " + image + "; is the store open?");
    }
    for (Path loop : loops.isEmpty() ? List.of(Path.of("/dev/loopN")) : loops) {
      context
          .runner()
          .runChecked(
              Command.of(Step.RESIZE_VOLUME, "losetup").arg("-c").arg(loop).build());
    }
    if (key instanceof VolumeKey.KeyFile keyFile) {
      // LUKS2 keeps the volume key in the kernel keyring, so resizing asks for a key: the file,
      // never its content.
      context
          .runner()
          .runChecked(Command.of(Step.RESIZE_VOLUME, "cryptsetup")
              .arg("resize")
              .arg("--key-file")
              .arg(keyFile.path())
              .arg(mappingName(store))
              .build());
    }
  }

  // ---- key slots ----

  @Override
  public List<KeySlot> keySlots(Path image) {
    requireNonNull(image, "image");
    List<String> json = new ArrayList<>();
    Command command = Command.of(Step.READ_KEY_SLOTS, "cryptsetup")
        .args("luksDump", "--dump-json-metadata")
        .arg(image)
        .stdout(json::add)
        .build();
    CommandResult result = context.runner().run(command);
    if (!result.succeeded()) {
      throw CommandRunner.failure(
          command,
          result,
          result.errorText().contains(NOT_LUKS) ? Reason.NOT_A_STORE : Reason.ERROR);
    }
    if (context.isDryRun()) {
      return List.of();
    }
    return keySlots(String.join("\n", json));
  }

  /** A slot of the metadata's {@code keyslots} object ({@code "3": {}}), or a salt in it. */
  private static final Pattern SLOT_OR_SALT =
      Pattern.compile("\"(\\d+)\"\\s*:\\s*\\{|\"salt\"\\s*:\\s*\"([^\"]*)\"");

  /**
   * The key slots of {@code cryptsetup luksDump --dump-json-metadata}'s output: number and KDF
   * salt, read from its {@code keyslots} object, up to {@code tokens} (in it, only the slots
   * are numbers followed by objects).
   */
  static List<KeySlot> keySlots(String metadata) {
    int start = metadata.indexOf("\"keyslots\"");
    int tokens = metadata.indexOf("\"tokens\"", Math.max(start, 0));
    int end = tokens < 0 ? metadata.length() : tokens;
    if (start < 0) {
      throw new StepFailedException(
          Step.READ_KEY_SLOTS, "cannot read the LUKS metadata: no keyslots in it");
    }
    List<KeySlot> found = new ArrayList<>();
    Optional<Integer> slot = Optional.empty();
    Matcher m = SLOT_OR_SALT.matcher(metadata.substring(start, end));
    while (m.find()) {
      if (m.group(1) != null) {
        slot = Optional.of(Integer.parseInt(m.group(1)));
      } else if (slot.isPresent()) {
        found.add(new KeySlot(slot.get(), m.group(2)));
        slot = Optional.empty();
      }
    }
    found.sort(java.util.Comparator.comparingInt(KeySlot::number));
    return List.copyOf(found);
  }

  @Override
  public KeySlot slotOf(Path image, VolumeKey.KeyFile key) {
    requireNonNull(image, "image");
    requireNonNull(key, "key");
    List<String> output = new ArrayList<>();
    Command command = Command.of(Step.CHECK_KEY, "cryptsetup")
        .args("open", "--test-passphrase", "-v", "--type", "luks", "--key-file")
        .arg(key.path())
        .arg(image)
        .stdout(output::add)
        .build();
    requireOpened(command, context.runner().run(command), key, image);
    if (context.isDryRun()) {
      return new KeySlot(0, "");
    }
    int number = output.stream()
        .map(UNLOCKED::matcher)
        .filter(Matcher::find)
        .map(m -> Integer.parseInt(m.group(1)))
        .findFirst()
        .orElseThrow(() -> new StepFailedException(
            Step.CHECK_KEY, "cryptsetup named no key slot for " + key.path()));
    return keySlots(image).stream()
        .filter(s -> s.number() == number)
        .findFirst()
        .orElseThrow(() -> new StepFailedException(
            Step.CHECK_KEY, "key slot " + number + " is not in the header"));
  }

  @Override
  public void addKey(Path image, VolumeKey.KeyFile current, Path newKeyFile) {
    requireNonNull(image, "image");
    requireNonNull(current, "current");
    requireNonNull(newKeyFile, "newKeyFile");
    Command.Builder command =
        Command.of(Step.ADD_KEY, "cryptsetup").args("luksAddKey", "--batch-mode");
    current.derivation().ifPresent(derivation -> addDerivation(command, derivation));
    Command built =
        command.arg("--key-file").arg(current.path()).arg(image).arg(newKeyFile).build();
    requireOpened(built, context.runner().run(built), current, image);
  }

  @Override
  public void removeKey(Path image, VolumeKey.KeyFile key) {
    requireNonNull(image, "image");
    requireNonNull(key, "key");
    if (!context.isDryRun() && keySlots(image).size() <= 1) {
      // cryptsetup --batch-mode would remove it, leaving a store no key opens.
      throw new StepFailedException(
          Step.REMOVE_KEY,
          "refusing to remove the only key slot of " + image
              + ": the store would open with no key");
    }
    Command command = Command.of(Step.REMOVE_KEY, "cryptsetup")
        .args("luksRemoveKey", "--batch-mode")
        .arg(image)
        .arg(key.path())
        .build();
    requireOpened(command, context.runner().run(command), key, image);
  }

  // ---- open ----

  @Override
  public OpenVolume open(Path image, VolumeKey key, StoreId store) {
    requireNonNull(image, "image");
    requireNonNull(key, "key");
    requireNonNull(store, "store");
    if (!context.isDryRun()) {
      imageInUse.refuseIfOpen(image);
    } else if (Files.isRegularFile(image)) {
      refuseNoStoreInDryRun(image, key);
    }
    if (key instanceof VolumeKey.KeyFile keyFile) {
      String name = mappingName(store);
      Command command = Command.of(Step.OPEN_VOLUME, "cryptsetup")
          .args("open", "--type", "luks", "--key-file")
          .arg(keyFile.path())
          .arg(image)
          .arg(name)
          .build();
      requireOpened(command, context.runner().run(command), keyFile, image);
      Path device = mapperDirectory.resolve(name);
      freshDevices.opened(image, device);
      return luksVolume(name, device, image);
    }
    return attachLoop(image, store);
  }

  private OpenVolume attachLoop(Path image, StoreId store) {
    Path record = context.storeDirectory(store).resolve(LOOP_RECORD);
    Command attach = Command.of(Step.OPEN_VOLUME, "losetup")
        .args("--find", "--show")
        .arg(image)
        .build();
    if (context.isDryRun()) {
      context.describe("would record the loop device of " + image + " in " + record);
      context.runner().runChecked(attach);
      return loopVolume(Path.of("/dev/loopN"), record, image);
    }
    Path backingFile = realPath(image);
    context.createStoreDirectory(store, Step.OPEN_VOLUME);
    // Recorded before the attach: should this run die before it learns the device, cleanUp still
    // finds it.
    writeRecord(record, new LoopRecord(backingFile, Optional.empty()));
    Path device = context.runner().runChecked(attach).stdoutTail().stream()
        .map(String::trim)
        .filter(l -> l.startsWith("/dev/"))
        .reduce((a, b) -> b)
        .map(Path::of)
        .orElseThrow(() ->
            new StepFailedException(Step.OPEN_VOLUME, "losetup named no loop device for " + image));
    try {
      writeRecord(record, new LoopRecord(backingFile, Optional.of(device)));
    } catch (RuntimeException e) {
      detachQuietly(device);
      throw e;
    }
    freshDevices.opened(image, device);
    return loopVolume(device, record, image);
  }

  private static Path realPath(Path image) {
    try {
      return image.toRealPath();
    } catch (IOException e) {
      return image.toAbsolutePath().normalize();
    }
  }

  private static void writeRecord(Path file, LoopRecord record) {
    try {
      record.write(file);
    } catch (IOException e) {
      throw new StepFailedException(
          Step.OPEN_VOLUME, "cannot record the loop device in " + file + ": " + e, e);
    }
  }

  private void detachQuietly(Path device) {
    try {
      detach(device, Step.OPEN_VOLUME);
    } catch (RuntimeException e) {
      log.error("could not detach {}: {}", device, e.getMessage());
    }
  }

  private void detach(Path device, Step step) {
    context
        .runner()
        .runChecked(Command.of(step, "losetup").arg("-d").arg(device).build());
  }

  private void close(String name, Step step) {
    Command command = Command.of(step, "cryptsetup").arg("close").arg(name).build();
    for (int attempt = 1; ; attempt++) {
      CommandResult result = context.runner().run(command);
      if (result.succeeded()) {
        return;
      }
      if (result.exitCode() != CRYPTSETUP_BUSY
          || attempt >= Unmounter.ATTEMPTS
          || Thread.currentThread().isInterrupted()) {
        throw CommandRunner.failure(command, result, Reason.ERROR);
      }
      log.info("{} is busy; trying again in {} s", name, Unmounter.PAUSE.toSeconds());
      context.pauses().pause(Unmounter.PAUSE);
    }
  }

  // ---- clean up ----

  @Override
  public void cleanUp(StoreId store) {
    requireNonNull(store, "store");
    if (context.isDryRun()) {
      return;
    }
    String name = mappingName(store);
    Path mapping = mapperDirectory.resolve(name);
    if (Files.exists(mapping, LinkOption.NOFOLLOW_LINKS)) {
      log.info("closing {}, left open by an earlier run", name);
      Optional<Path> image = imageUnder(mapping);
      close(name, Step.CLEAN_UP_LEFTOVERS);
      image.ifPresent(this::flushLeftover);
    }
    Path record = context.storeDirectory(store).resolve(LOOP_RECORD);
    Optional<LoopRecord> loop;
    try {
      loop = LoopRecord.read(record);
    } catch (IOException e) {
      throw new StepFailedException(Step.CLEAN_UP_LEFTOVERS, "cannot read " + record + ": " + e, e);
    }
    loop.ifPresent(this::detachLeftover);
    deleteRecord(record);
  }

  /** Detaches the loop devices a crashed run left on its image; a device that now holds another file stays. */
  private void detachLeftover(LoopRecord loop) {
    List<Path> candidates = loop.device()
        .map(List::of)
        .orElseGet(() -> LoopRecord.devicesListed(context
            .runner()
            .runChecked(Command.of(Step.CLEAN_UP_LEFTOVERS, "losetup")
                .arg("-j")
                .arg(loop.image())
                .build())
            .stdoutTail()));
    for (Path device : candidates) {
      if (currentBackingFile(device).equals(Optional.of(loop.image()))) {
        log.info("detaching {}, left attached to {} by an earlier run", device, loop.image());
        detach(device, Step.CLEAN_UP_LEFTOVERS);
        flushLeftover(loop.image());
      } else {
        log.info("{} is no longer attached to {}; leaving it alone", device, loop.image());
      }
    }
  }

  /**
   * The image under a LUKS mapping: the file of the loop device that cryptsetup attached it to,
   * from {@code /sys/block/dm-N/slaves/loopM}; empty if the mapping is not over a loop device.
   */
  private Optional<Path> imageUnder(Path mapping) {
    Path slaves;
    try {
      slaves = sysBlock.resolve(mapping.toRealPath().getFileName().toString()).resolve("slaves");
    } catch (IOException e) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(slaves)) {
      return entries
          .map(e -> currentBackingFile(Path.of("/dev").resolve(e.getFileName().toString())))
          .flatMap(Optional::stream)
          .findFirst();
    } catch (IOException e) {
      log.debug("cannot list {}: {}", slaves, e.toString());
      return Optional.empty();
    }
  }

  /**
   * {@link #flush} after a leftover's clean-up: the crashed run's copy was not complete anyway,
   * so a flush that fails is a warning, and the clean-up goes on.
   */
  private void flushLeftover(Path image) {
    try {
      flush(image);
    } catch (StepFailedException e) {
      log.warn("{}", e.getMessage());
    }
  }

  /** The file a loop device is attached to, from {@code /sys/block/loopN/loop/backing_file}. */
  private Optional<Path> currentBackingFile(Path device) {
    Path file =
        sysBlock.resolve(device.getFileName().toString()).resolve("loop").resolve("backing_file");
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String backing = Files.readString(file, StandardCharsets.UTF_8).strip();
      return backing.endsWith(" (deleted)") ? Optional.empty() : Optional.of(Path.of(backing));
    } catch (IOException e) {
      log.debug("cannot read {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  private static void deleteRecord(Path record) {
    try {
      Files.deleteIfExists(record);
    } catch (IOException e) {
      log.warn("could not remove {}: {}", record, e.toString());
    }
  }

  /** A LUKS mapping that closing closes, and then flushes the image. */
  private OpenVolume luksVolume(String name, Path device, Path image) {
    return new Opened(device, () -> {
      close(name, Step.CLOSE_VOLUME);
      flush(image);
    });
  }

  /**
   * A plain image attached to a loop device; closing detaches it, flushes the image and removes
   * the device's record.
   */
  private OpenVolume loopVolume(Path device, Path record, Path image) {
    return new Opened(device, () -> {
      detach(device, Step.CLOSE_VOLUME);
      flush(image);
      if (context.isDryRun()) {
        context.describe("would remove " + record);
      } else {
        deleteRecord(record);
      }
    });
  }

  /**
   * Writes what the store's last writes left in the page cache of the image file through to where
   * the image lives, once the device over it is gone: see {@link ImageFlush}.
   */
  private void flush(Path image) {
    if (context.isDryRun()) {
      return;
    }
    try {
      imageFlush.flush(image);
    } catch (IOException e) {
      throw new StepFailedException(
          Step.CLOSE_VOLUME,
          "cannot write " + image + " through to the remote: " + e.getMessage(),
          e);
    }
  }

  /** An open volume: closing it runs its release once and forgets that the device was fresh. */
  private final class Opened implements OpenVolume {
    private final Path device;
    private final Runnable release;
    private boolean closed;

    Opened(Path device, Runnable release) {
      this.device = device;
      this.release = release;
    }

    @Override
    public Path device() {
      return device;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        release.run();
        freshDevices.closed(device);
        closed = true;
      }
    }
  }
}
