using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LiveViews.Benchmarks;

/// <summary>Adds the "patch B" column: bytes of the event's ops as JSON (computed in the host; deterministic).</summary>
public sealed class DiffBenchmarkConfig : ManualConfig
{
    public DiffBenchmarkConfig() => AddColumn(new PatchBytesColumn());

    private sealed class PatchBytesColumn : IColumn
    {
        public string Id => "PatchBytes";
        public string ColumnName => "patch B";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Size;
        public string Legend => "Bytes of the forward event's patch ops as a UTF-8 JSON array";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var rows = (int)benchmarkCase.Parameters["Rows"];
            var e = benchmarkCase.Descriptor.WorkloadMethod.Name switch
            {
                nameof(DiffBenchmarks.Insert) => TodoEvent.Insert,
                nameof(DiffBenchmarks.Remove) => TodoEvent.Remove,
                _ => TodoEvent.Toggle,
            };
            return TodoScenario.PatchBytes(rows, e).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
