global using Aspire.Hosting;
global using ServiceQueue.Tests.Infrastructure;
global using Xunit;
