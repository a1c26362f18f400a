package dev.unison.consistency.store;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Why: with a dozen stores × six partitions, RocksDB's defaults would give each its own cache and memtables, and
 * flushing and compacting many small files cost CPU (bench/README.md, "Where the tuned parts come from").
 * <p>
 * One memory budget for every RocksDB store of the instance. Each detector store has one RocksDB per partition
 * (a dozen stores × six partitions here), and by default each takes its own block cache and up to three 16 MiB
 * memtables; instead they share one block cache of {@value #TOTAL_MIB} MiB whose memtables (write buffers) take at
 * most half, with index and filter blocks counted in the cache. Set as {@code rocksdb.config.setter}.
 */
public class BoundedRocksDB implements RocksDBConfigSetter {
    static final long TOTAL_MIB = 128;
    private static final long MIB = 1024 * 1024;
    private static final Cache CACHE = new LRUCache(TOTAL_MIB * MIB, -1, false, 0.1);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(TOTAL_MIB * MIB / 2, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(4 * MIB);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the instance: never closed per store
    }
}
