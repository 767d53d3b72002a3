Console.WriteLine(new Projects.ServiceQueue_Broker().AssemblyPath);
