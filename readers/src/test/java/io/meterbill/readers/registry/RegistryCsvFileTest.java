package io.meterbill.readers.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry values reach the database and bills as they are: one that cannot be stored or shown refuses its row. */
class RegistryCsvFileTest {

    @TempDir
    Path tmp;

    @Test
    void aControlCharacterOrAHugeValueRefusesItsRowNamingColumnAndPlaceWithTheValueCut() throws Exception {
        Path file = tmp.resolve(RegistryFormats.ACCOUNTS);
        String hugeId = "A".repeat(100_000);
        Files.writeString(file, String.join("\n", "account_id,customer_name,mailing_address,email",
                "A-1,Ada Lovelace,1 Main St,ada@example.com",
                "A-2,Nul\u0000Name,1 Main St,",
                hugeId + ",Big Id,,",
                "A-4,Long Address," + "x".repeat(2000) + ",") + "\n");
        var accounts = RegistryFormats.accounts(file);
        assertThat(accounts.rows()).hasSize(1);
        assertThat(accounts.errors()).extracting(Object::toString).containsExactly(
                "accounts.csv:3: customer_name has a control character (U+0000) at character 4: Nul\\x00Name",
                "accounts.csv:4: account_id is longer than 1000 characters: " + "A".repeat(80) + "\u2026 (100000 characters)",
                "accounts.csv:5: mailing_address is longer than 1000 characters: " + "x".repeat(80)
                        + "\u2026 (2000 characters)");
    }
}
