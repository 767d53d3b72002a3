global using ServiceQueue.AppHost.Hosting;
