package io.bpfjit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfjit.BpfProgram;
import io.bpfjit.InvalidProgramException;
import io.bpfjit.PacketFilter;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code ../shared/vectors/peer-vectors.jsonl} (FreeBSD and Go test suites), checked
 * against its {@code bpfjit} expectation: rejection reason, or result on every entry point.
 */
public abstract class PeerVectorSuite {
  /** The engine under test. */
  protected abstract EngineFactory engine();

  @TestFactory
  Stream<DynamicTest> peerVectors() throws IOException {
    Path file = SharedData.shared().resolve("vectors/peer-vectors.jsonl");
    ObjectMapper json = new ObjectMapper();
    EngineFactory factory = engine();
    List<DynamicTest> tests = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = json.readTree(line);
      String id = node.get("id").asText();
      tests.add(DynamicTest.dynamicTest(id, () -> check(factory, node, id)));
    }
    return tests.stream();
  }

  private static void check(EngineFactory factory, JsonNode node, String id) {
    List<RawInstruction> insns = new ArrayList<>();
    for (JsonNode i : node.get("program")) {
      insns.add(
          new RawInstruction(
              i.get(0).asInt(), i.get(1).asInt(), i.get(2).asInt(), (int) i.get(3).asLong()));
    }
    BpfProgram program = BpfProgram.of(insns);
    JsonNode expect = node.get("bpfjit");
    if (!expect.get("valid").asBoolean()) {
      InvalidProgramException e =
          assertThrows(InvalidProgramException.class, () -> Verifier.verify(program), id);
      assertEquals(expect.get("reason").asText(), e.reason().name(), id + ": " + e.getMessage());
      return;
    }
    VerifiedProgram verified = Verifier.verify(program);
    PacketFilter filter = factory.create(verified);
    byte[] packet = Hex.decode(node.get("packet").asText());
    int wirelen = (int) node.get("wirelen").asLong();
    int expected = (int) expect.get("result").asLong();
    EngineRuns.assertAllPaths(filter, packet, wirelen, expected, id);
  }
}
