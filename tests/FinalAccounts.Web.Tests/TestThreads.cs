using System.Runtime.CompilerServices;

namespace FinalAccounts.Web.Tests;

internal static class TestThreads
{
    /// <summary>
    /// Several portals, browsers and background job runners share this process: without enough threads ready the pool
    /// grows one thread at a time while requests wait (the run was slow with its CPUs mostly idle).
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => ThreadPool.SetMinThreads(Math.Max(32, Environment.ProcessorCount * 8), 32);
}
