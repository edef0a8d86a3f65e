package dev.mnemosyne.testkit;

import dev.mnemosyne.core.port.Transfer;

class FakeTransferTest extends TransferContract {
  @Override
  protected Transfer transfer() {
    return FakeEnvironment.create(workDirectory.resolve("environment")).transfer();
  }
}
