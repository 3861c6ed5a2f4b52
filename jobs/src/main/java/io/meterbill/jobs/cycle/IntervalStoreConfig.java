package io.meterbill.jobs.cycle;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Hadoop configuration the interval store and Parquet input go through: Hadoop's defaults, plus
 * every {@code *.xml} in {@code config/hadoop/} of the installation (or {@code meterbill.store.hadoop-config}),
 * where an operator names another file system (HDFS, S3A) and its settings.
 */
@Configuration(proxyBeanMethods = false)
public class IntervalStoreConfig {

    private static final Logger log = LoggerFactory.getLogger(IntervalStoreConfig.class);

    @Bean
    public org.apache.hadoop.conf.Configuration hadoopConfiguration(
            @Value("${meterbill.store.hadoop-config:${meterbill.install-dir:.}/config/hadoop}") Path directory)
            throws java.io.IOException {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        if (Files.isDirectory(directory)) {
            try (var files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList()) {
                    conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
                    log.debug("Hadoop configuration from {}", file);
                }
            }
        }
        if (conf.get("fs.file.impl") == null) {
            conf.set("fs.file.impl", io.meterbill.readers.store.NioLocalFileSystem.class.getName());
        }
        if (conf.get("parquet.hadoop.vectored.io.enabled") == null) {
            // vectored reads start an asynchronous read per column chunk; for the store's small local files
            // that costs more than it saves (consolidation spent a third of its time handing reads to threads)
            conf.setBoolean("parquet.hadoop.vectored.io.enabled", false);
        }
        if (conf.get("parquet.page.verify-checksum.enabled") == null) {
            // the store's pages carry CRC-32s (parquet-java writes them by default), and so do many exports:
            // a damaged page is then an error naming the file, not wrong numbers
            conf.setBoolean("parquet.page.verify-checksum.enabled", true);
        }
        String[] umaskFrom = conf.getPropertySources("fs.permissions.umask-mode");
        if (umaskFrom == null || java.util.Arrays.asList(umaskFrom).equals(java.util.List.of("core-default.xml"))) {
            // the store holds customers' reads: files 0600 and folders 0700 whatever the process umask (Hadoop
            // applies this mask itself, to 0666 and 0777); a core-site.xml may set another mask on purpose
            conf.set("fs.permissions.umask-mode", "077");
        }
        // load the resources now: Hadoop and parquet-java copy the configuration for every file they open,
        // and a copy of one not yet loaded parses all its XML again
        conf.size();
        return conf;
    }
}
