package dev.unison.consistency.store;

import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedRocksDBTest {
    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreGetsSmallMemtablesAndCachesItsIndexesInTheSharedBudget() {
        BoundedRocksDB setter = new BoundedRocksDB();
        try (Options one = new Options().setTableFormatConfig(new BlockBasedTableConfig());
             Options two = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            setter.setConfig("conflicting-answers-by-customer", one, Map.of());
            setter.setConfig("ticket-maze", two, Map.of());
            for (Options options : new Options[]{one, two}) {
                assertThat(options.writeBufferSize()).isEqualTo(4L * 1024 * 1024);
                assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
                BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
                assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
                assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
            }
            setter.close("ticket-maze", two);
        }
    }
}
