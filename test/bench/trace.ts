/**
 * Reading a Chromium trace for the benchmarks: the renderer main thread's tasks, by wall time
 * (`dur`) and by the thread's own CPU time (`tdur`). On a shared machine wall time includes waiting
 * for a core; CPU time is what the page's own work costs.
 */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', '__metadata'];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number } };
}

export interface MainThreadTasks {
  longestWallMs: number;
  longestCpuMs: number;
  /** Tasks over 50 ms of CPU time. */
  over50Cpu: number;
  /** CPU time of all main-thread tasks together. */
  totalCpuMs: number;
  /** What took most of the longest task (by CPU), so a regression names its cause. */
  inside: string;
  /** Tasks over 50 ms of wall time, and what took most of the longest one by wall time. */
  over50Wall: number;
  insideWall: string;
}

export function mainThreadTasks(trace: Buffer): MainThreadTasks {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  let longest: TraceEvent | undefined;
  let longestWall: TraceEvent | undefined;
  let over50Cpu = 0;
  let over50Wall = 0;
  let totalCpu = 0;
  for (const task of tasks) {
    const cpu = (task.tdur ?? 0) / 1000;
    totalCpu += cpu;
    if (cpu > 50) over50Cpu += 1;
    if ((task.dur ?? 0) > 50_000) over50Wall += 1;
    if (!longest || (task.tdur ?? 0) > (longest.tdur ?? 0)) longest = task;
    if (!longestWall || (task.dur ?? 0) > (longestWall.dur ?? 0)) longestWall = task;
  }
  /** The three events that took most of a task, with where they ran. */
  const insideOf = (task: TraceEvent | undefined): string => {
    if (!task) return '';
    const start = task.ts ?? 0;
    const end = start + (task.dur ?? 0);
    return onMain
      .filter((e) => e !== task && !/RunTask$/.test(e.name) && (e.ts ?? 0) >= start && (e.ts ?? 0) + (e.dur ?? 0) <= end)
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 3)
      .map((e) => {
        const data = e.args?.data;
        const where = data?.functionName || data?.url ? ` ${data.functionName ?? ''}@${(data.url ?? '').split('/').pop()}:${data.lineNumber ?? ''}` : '';
        return `${e.name}${where} ${((e.dur ?? 0) / 1000).toFixed(1)} ms`;
      })
      .join(', ');
  };
  return {
    longestWallMs: (longestWall?.dur ?? 0) / 1000,
    longestCpuMs: (longest?.tdur ?? 0) / 1000,
    over50Cpu,
    totalCpuMs: totalCpu,
    inside: insideOf(longest),
    over50Wall,
    insideWall: insideOf(longestWall),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
