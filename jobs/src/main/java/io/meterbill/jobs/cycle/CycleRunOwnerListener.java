package io.meterbill.jobs.cycle;

import java.net.InetAddress;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Records the host and process id running each job execution, for {@code cycle status} and auditors. */
@Component
public class CycleRunOwnerListener implements JobExecutionListener {

    private final JdbcTemplate jdbc;

    public CycleRunOwnerListener(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        jdbc.update("insert into cycle_run (job_execution_id, cycle, host, pid) values (?, ?, ?, ?)"
                + " on conflict (job_execution_id) do nothing", execution.getId(),
                execution.getJobParameters().getString(CycleJobParameters.CYCLE), hostName(),
                ProcessHandle.current().pid());
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
