package dev.mnemosyne.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test (or every test of the annotated class) only on a host that has
 * all the given capabilities; elsewhere it is skipped with a message naming what is missing.
 * A capability listed in the system property {@value Capability#REQUIRED_PROPERTY} must be
 * present: its absence fails the test instead.
 *
 * <pre>{@code
 * @RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
 * class BtrfsFilesystemTest extends SnapshotFilesystemContract { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(CapabilityCondition.class)
public @interface RequiresCapability {
  /** The capabilities the test needs. */
  Capability[] value();
}
