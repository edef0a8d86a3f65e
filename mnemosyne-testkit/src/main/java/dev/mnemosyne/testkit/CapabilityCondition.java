package dev.mnemosyne.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Evaluates {@link RequiresCapability}: skips when a needed capability is missing, and fails
 * (by throwing) when the missing capability is one the host is required to have.
 */
final class CapabilityCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Set<Capability> needed = EnumSet.noneOf(Capability.class);
    context.getElement().ifPresent(element -> needed.addAll(declaredOn(element)));
    if (needed.isEmpty()) {
      return ConditionEvaluationResult.enabled("needs no host capability");
    }
    return evaluate(needed);
  }

  /** The verdict for a test that needs {@code needed}; throws if a required capability is missing. */
  static ConditionEvaluationResult evaluate(Set<Capability> needed) {
    return evaluate(needed, Capability::whyMissing, Capability.required());
  }

  /** The verdict, given how to detect a capability and which ones the host must have. */
  static ConditionEvaluationResult evaluate(
      Set<Capability> needed,
      Function<Capability, Optional<String>> whyMissing,
      Set<Capability> required) {
    List<String> missing = new ArrayList<>();
    List<String> missingRequired = new ArrayList<>();
    for (Capability capability : needed) {
      Optional<String> why = whyMissing.apply(capability);
      if (why.isPresent()) {
        String line = capability.displayName() + ": " + why.get();
        missing.add(line);
        if (required.contains(capability)) {
          missingRequired.add(line);
        }
      }
    }
    if (!missingRequired.isEmpty()) {
      throw new IllegalStateException(String.join("; ", missingRequired) + " ("
          + Capability.REQUIRED_PROPERTY + " says this host must have it)");
    }
    return missing.isEmpty()
        ? ConditionEvaluationResult.enabled("host has " + needed)
        : ConditionEvaluationResult.disabled(String.join("; ", missing));
  }

  private static Set<Capability> declaredOn(AnnotatedElement element) {
    Set<Capability> needed = EnumSet.noneOf(Capability.class);
    AnnotationSupport.findAnnotation(element, RequiresCapability.class)
        .ifPresent(a -> needed.addAll(List.of(a.value())));
    return needed;
  }
}
