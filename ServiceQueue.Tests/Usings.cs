global using Xunit;
global using Aspire.Hosting;
global using ServiceQueue.Tests.Infrastructure;
